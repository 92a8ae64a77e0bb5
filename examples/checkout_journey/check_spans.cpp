// SPDX-License-Identifier: Apache-2.0
//
// check_spans: verifies what checkout_journey --spans-out wrote (the demo's end-to-end test).
//
//   check_spans FILE [--expect-drops]
//
// For every journey:
// - every exported span of the journey (its checkout.journey attribute) carries the journey's
//   trace-id;
// - without drops, a sampled journey's spans form one tree: exactly one span whose parent is not
//   among them, the gateway's server span, and every other parent present;
// - the Kafka consumer span's parent is the producer span;
// - the baggage the gateway set (enduser.id, user.tier, cart.value) arrives intact at the worker;
// - every hop made the same sampling decision, and an unsampled journey exported nothing;
// and over the run: pushed = exported + dropped (with --expect-drops, dropped > 0).
#include <cstdio>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct span_line {
  std::string trace, span, parent, kind, name;
  std::map<std::string, std::string> attrs;
};

struct journey_line {
  std::string trace, tier, user, cart_value, result;
  bool sampled = false;
};

std::vector<std::string> split(const std::string& s, char sep) {
  std::vector<std::string> out;
  std::string cur;
  std::istringstream in(s);
  while (std::getline(in, cur, sep)) out.push_back(cur);
  if (!s.empty() && s.back() == sep) out.emplace_back();
  return out;
}

int failures = 0;
void fail(const std::string& what) {
  if (++failures <= 20) std::fprintf(stderr, "FAIL: %s\n", what.c_str());
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: check_spans FILE [--expect-drops]\n");
    return 2;
  }
  const bool expect_drops = argc > 2 && std::string(argv[2]) == "--expect-drops";
  std::ifstream in(argv[1]);
  if (!in) {
    std::fprintf(stderr, "cannot read %s\n", argv[1]);
    return 2;
  }
  std::map<int, journey_line> journeys;
  std::map<int, std::set<int>> decisions;
  std::vector<span_line> spans;
  unsigned long long pushed = 0, exported = 0, dropped = 0;
  bool have_counters = false;
  std::string line;
  while (std::getline(in, line)) {
    const std::vector<std::string> f = split(line, '\t');
    if (f.empty()) continue;
    if (f[0] == "journey" && f.size() == 8) {
      journey_line j{f[2], f[3], f[4], f[5], f[7], f[6] == "1"};
      journeys[std::stoi(f[1])] = j;
    } else if (f[0] == "decision" && f.size() == 4) {
      decisions[std::stoi(f[1])].insert(std::stoi(f[3]));
    } else if (f[0] == "span" && f.size() == 10) {
      span_line s{f[1], f[2], f[3], f[4], f[5], {}};
      for (const std::string& kv : split(f[9], ';')) {
        const auto eq = kv.find('=');
        if (eq != std::string::npos) s.attrs[kv.substr(0, eq)] = kv.substr(eq + 1);
      }
      spans.push_back(s);
    } else if (f[0] == "counters" && f.size() == 4) {
      pushed = std::stoull(f[1]);
      exported = std::stoull(f[2]);
      dropped = std::stoull(f[3]);
      have_counters = true;
    } else {
      fail("unreadable line: " + line);
    }
  }
  if (journeys.empty() || !have_counters) fail("no journeys or no counters in the file");
  if (pushed != exported + dropped)
    fail("pushed " + std::to_string(pushed) + " != exported " + std::to_string(exported) +
         " + dropped " + std::to_string(dropped));
  if (exported != spans.size()) fail("exported count differs from the spans listed");
  if (expect_drops && dropped == 0) fail("expected drops with a small ring, saw none");
  if (!expect_drops && dropped != 0) fail("unexpected drops: " + std::to_string(dropped));

  std::map<int, std::vector<const span_line*>> by_journey;
  for (const auto& s : spans) {
    const auto it = s.attrs.find("checkout.journey");
    if (it == s.attrs.end()) {
      fail("span without checkout.journey: " + s.name);
      continue;
    }
    by_journey[std::stoi(it->second)].push_back(&s);
  }

  int sampled = 0, trees = 0, kafka_links = 0, baggage_ok = 0;
  for (const auto& [index, j] : journeys) {
    const std::string id = "journey " + std::to_string(index);
    const auto& d = decisions[index];
    if (d.size() != 1) fail(id + ": hops disagree on sampling");
    if (d.size() == 1 && (*d.begin() == 1) != j.sampled) fail(id + ": gateway decision differs");
    const auto& js = by_journey[index];
    if (!j.sampled) {
      if (!js.empty()) fail(id + ": not sampled but exported " + std::to_string(js.size()));
      continue;
    }
    ++sampled;
    std::set<std::string> ids;
    for (const auto* s : js) {
      if (s->trace != j.trace) fail(id + ": span " + s->name + " has another trace-id");
      ids.insert(s->span);
    }
    const span_line* producer = nullptr;
    const span_line* consumer = nullptr;
    int roots = 0;
    for (const auto* s : js) {
      if (ids.count(s->parent) == 0) {
        ++roots;
        if (!expect_drops && (s->name != "POST /checkout" || s->kind != "server" ||
                              s->attrs.at("service.name") != "gateway"))
          fail(id + ": tree rooted at " + s->name + " instead of the gateway span");
      }
      if (s->kind == "producer") producer = s;
      if (s->kind == "consumer") consumer = s;
    }
    if (expect_drops) continue;  // with drops, trees may be incomplete; the rest was checked
    if (roots == 1) {
      ++trees;
    } else {
      fail(id + ": " + std::to_string(roots) + " roots");
    }
    if (j.result == "ok") {
      if (producer == nullptr || consumer == nullptr) {
        fail(id + ": no producer/consumer span for a completed order");
        continue;
      }
      if (consumer->parent != producer->span) {
        fail(id + ": the consumer span's parent is not the producer span");
      } else {
        ++kafka_links;
      }
      const auto attr = [&](const char* k) {
        const auto it = consumer->attrs.find(k);
        return it == consumer->attrs.end() ? std::string("<missing>") : it->second;
      };
      if (attr("enduser.id") != j.user || attr("user.tier") != j.tier ||
          attr("cart.value") != j.cart_value) {
        fail(id + ": baggage at the worker " + attr("enduser.id") + "/" + attr("user.tier") + "/" +
             attr("cart.value") + " differs from " + j.user + "/" + j.tier + "/" + j.cart_value);
      } else {
        ++baggage_ok;
      }
    }
  }
  std::printf(
      "check_spans: %zu journeys, %d sampled, %d single-root trees, %d producer->consumer "
      "links, %d baggage arrivals intact, pushed=%llu exported=%llu dropped=%llu: %s\n",
      journeys.size(), sampled, trees, kafka_links, baggage_ok, pushed, exported, dropped,
      failures == 0 ? "PASS" : "FAIL");
  if (!expect_drops && (sampled == 0 || kafka_links == 0)) {
    std::fprintf(stderr, "FAIL: the run sampled nothing to check\n");
    return 1;
  }
  return failures == 0 ? 0 : 1;
}
