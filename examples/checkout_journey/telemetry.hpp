// SPDX-License-Identifier: Apache-2.0
//
// examples/checkout_journey/telemetry.hpp: the demo's tracer, built from tracewire's parts.
//
// A span starts from the context a service extracted from its transport (or none, at the edge),
// asks the sampler (parent-based, with a rule that keeps premium and vip users and the consistent
// probability sampler for the rest), and, when sampled, fills a span_record. When it ends, the
// record is pushed into the lock-free span_ring; an exporter thread drains the ring in batches.
// Nothing here blocks a request: a full ring drops the record and counts it.
//
// Time is simulated: each journey runs on a virtual clock so that a run of thousands of checkouts
// (with a slow payment gateway among them) takes a second, and its output is the same for the same
// seed. Everything else is real: the ids, the sampling decisions, every carrier crossed.
#ifndef TRACEWIRE_EXAMPLES_CHECKOUT_TELEMETRY_HPP
#define TRACEWIRE_EXAMPLES_CHECKOUT_TELEMETRY_HPP

#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <thread>
#include <utility>
#include <vector>

#include "tracewire/baggage.hpp"
#include "tracewire/context.hpp"
#include "tracewire/id_generator.hpp"
#include "tracewire/ring/span_record.hpp"
#include "tracewire/ring/span_ring.hpp"
#include "tracewire/sampling/sampling.hpp"

namespace demo {

using record = tracewire::span_record;

/// The sampler every service runs: parent-based (a child follows its parent's decision, so a
/// journey is kept or dropped as a whole), and at the root: premium and vip users always, the
/// consistent probability sampler for the rest.
using root_sampler = tracewire::rule_based<tracewire::probability_sampler>;
using service_sampler = tracewire::parent_based<root_sampler>;

/// A span as exported (copied out of the ring by the exporter thread).
struct exported_span {
  tracewire::trace_id trace_id;
  tracewire::span_id span_id;
  tracewire::span_id parent_id;
  std::string name;
  tracewire::span_kind kind = tracewire::span_kind::internal;
  std::uint64_t start_ns = 0;
  std::uint64_t end_ns = 0;
  bool error = false;
  std::string status_message;
  std::vector<std::pair<std::string, std::string>> attributes;
  std::vector<std::pair<std::string, std::uint64_t>> events;

  std::string attribute(std::string_view key) const {
    for (const auto& a : attributes)
      if (a.first == key) return a.second;
    return {};
  }
};

/// The ring, with its capacity chosen at run time among a few compile-time sizes.
class ring_base {
 public:
  virtual ~ring_base() = default;
  virtual bool push(const record& r) noexcept = 0;
  virtual std::size_t drain(std::size_t max, std::vector<exported_span>& out) = 0;
  virtual std::uint64_t pushed() const noexcept = 0;
  virtual std::uint64_t dropped() const noexcept = 0;
  virtual std::size_t capacity() const noexcept = 0;
};

std::string to_text(const tracewire::attribute_view& a);

exported_span export_record(const record& r);

template <std::size_t Capacity>
class ring_of final : public ring_base {
 public:
  bool push(const record& r) noexcept override { return ring_.try_push(r); }
  std::size_t drain(std::size_t max, std::vector<exported_span>& out) override {
    return ring_.drain(max, [&out](const record& r) { out.push_back(export_record(r)); });
  }
  std::uint64_t pushed() const noexcept override { return ring_.pushed(); }
  std::uint64_t dropped() const noexcept override { return ring_.dropped(); }
  std::size_t capacity() const noexcept override { return Capacity; }

 private:
  tracewire::span_ring<record, Capacity> ring_;
};

/// A ring of the smallest supported power of two >= capacity (16 to 65536).
std::unique_ptr<ring_base> make_ring(std::size_t capacity);

/// Drains the ring on its own thread, in batches of up to 512, sleeping briefly when it is empty
/// (waking the exporter is the embedder's choice; a short sleep is enough for a demo).
class exporter {
 public:
  explicit exporter(ring_base& ring) : ring_(ring), thread_([this] { run(); }) {}
  ~exporter() { stop(); }
  exporter(const exporter&) = delete;
  exporter& operator=(const exporter&) = delete;

  /// Drains what is left and joins the thread.
  void stop() {
    if (!thread_.joinable()) return;
    stopping_.store(true, std::memory_order_release);
    thread_.join();
  }
  /// After stop(): every exported span.
  std::vector<exported_span>& spans() { return spans_; }
  std::uint64_t batches() const { return batches_; }

 private:
  void run() {
    for (;;) {
      const bool last = stopping_.load(std::memory_order_acquire);
      const std::size_t n = ring_.drain(512, spans_);
      if (n != 0) {
        ++batches_;
        continue;
      }
      if (last) return;
      std::this_thread::sleep_for(std::chrono::microseconds(200));
    }
  }

  ring_base& ring_;
  std::vector<exported_span> spans_;
  std::uint64_t batches_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

/// Output options shared by the services.
struct log_options {
  int journeys_logged = 2;  // journeys whose log lines are printed
};

/// One span in flight.
class span {
 public:
  const tracewire::span_context& context() const noexcept { return ctx_; }
  bool sampled() const noexcept { return ctx_.sampled(); }
  std::uint64_t start_ns() const noexcept { return start_ns_; }

  template <class T>
  void set(std::string_view key, const T& value) noexcept {
    if (sampled()) static_cast<void>(rec_.set_attribute(key, value));
  }
  void event(std::string_view name, std::uint64_t at_ns) noexcept {
    if (sampled()) static_cast<void>(rec_.add_event(name, at_ns));
  }
  void fail(std::string_view message) noexcept {
    failed_ = true;
    if (sampled()) rec_.set_status(tracewire::span_status_code::error, message);
  }
  bool failed() const noexcept { return failed_; }

 private:
  friend class tracer;
  tracewire::span_context ctx_;
  record rec_;
  std::uint64_t start_ns_ = 0;
  bool failed_ = false;
};

/// Per-hop sampling decisions, for the consistency check of the test and the summary.
struct decision {
  int journey;
  std::string service;
  bool sampled;
};

/// Starts and ends spans; shared by every service and thread.
class tracer {
 public:
  tracer(service_sampler sampler, ring_base& ring, log_options log)
      : sampler_(std::move(sampler)), ring_(ring), log_(log) {}

  /// A span named `name` in `service`, child of `parent` (nullptr or invalid: a new trace).
  span start(int journey, std::string_view service, std::string_view name,
             tracewire::span_kind kind, const tracewire::span_context* parent,
             const tracewire::baggage* bag, std::uint64_t now_ns);

  /// Ends the span at `now_ns`; a sampled span is pushed into the ring (or dropped and counted).
  void end(span& s, std::uint64_t now_ns) noexcept;

  /// A log line carrying the span's ids (printed for the first journeys only).
  void log(int journey, std::string_view service, const span& s, const std::string& text);

  std::vector<decision> decisions() {
    const std::lock_guard<std::mutex> lock(mutex_);
    return decisions_;
  }

 private:
  service_sampler sampler_;
  ring_base& ring_;
  log_options log_;
  std::mutex mutex_;  // guards decisions_ and stdout: demo bookkeeping, not the span path
  std::vector<decision> decisions_;
};

}  // namespace demo

#endif  // TRACEWIRE_EXAMPLES_CHECKOUT_TELEMETRY_HPP
