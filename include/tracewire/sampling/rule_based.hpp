// SPDX-License-Identifier: Apache-2.0
//
// tracewire/sampling/rule_based.hpp: an ordered list of (predicate, sampler) rules, the first
// match decides (OpenTelemetry SDK, ComposableRuleBased). "Always keep `user.tier` in {premium,
// vip}, 10% of the rest" is two rules:
//
//   rule_based<probability_sampler> rules;
//   rules.add(rule_predicate::attribute_in("user.tier", {"premium", "vip"}),
//             *probability_sampler::create(1.0));
//   rules.add(rule_predicate::always(), *probability_sampler::create(0.1));
//
// Contract
// - A predicate tests one thing of the span to be created: its name (equal or prefix), its kind,
//   an attribute or a baggage entry (present, or equal to one of up to 8 values), or nothing
//   (always). Attribute values compare as text: strings as is, booleans as `true`/`false`,
//   integers in decimal; doubles only match "present". Baggage compares decoded values (get()).
// - Predicates and rules hold views: the strings they name must outlive the rule_based.
// - add() appends a rule; more than MaxRules is errc::sampler_too_many_rules, a predicate with more
//   than 8 values errc::sampler_argument_invalid; on error nothing is added.
// - should_sample() evaluates rules in order and returns the first matching rule's decision, with
//   that sampler's tracestate; when none matches it drops and erases `th` (the spec: no match is a
//   non-sampling intent). Predicates never look at randomness (the spec's condition for a
//   conditional stage to stay consistent).
// - Description: "RuleBased{<predicate>:<sampler>,...}".
#ifndef TRACEWIRE_SAMPLING_RULE_BASED_HPP
#define TRACEWIRE_SAMPLING_RULE_BASED_HPP

#include <cstddef>
#include <cstdint>
#include <initializer_list>
#include <string_view>

#include "tracewire/config.hpp"
#include "tracewire/error.hpp"
#include "tracewire/sampling/ot_tracestate.hpp"
#include "tracewire/sampling/sampler.hpp"

TRACEWIRE_BEGIN_NAMESPACE

class rule_predicate {
 public:
  static constexpr std::size_t max_values = 8;

  enum class subject : std::uint8_t {
    always,
    name,
    name_prefix,
    kind,
    attribute_entry,
    baggage_entry
  };

  /// Matches every span (a catch-all last rule).
  static constexpr rule_predicate always() noexcept { return rule_predicate(); }
  static constexpr rule_predicate name_is(std::string_view name) noexcept {
    rule_predicate r(subject::name);
    r.add_value(name);
    return r;
  }
  static constexpr rule_predicate name_starts_with(std::string_view prefix) noexcept {
    rule_predicate r(subject::name_prefix);
    r.add_value(prefix);
    return r;
  }
  static constexpr rule_predicate kind_is(span_kind k) noexcept {
    rule_predicate r(subject::kind);
    r.kind_ = k;
    return r;
  }
  static constexpr rule_predicate attribute_present(std::string_view key) noexcept {
    return entry(subject::attribute_entry, key, {});
  }
  static constexpr rule_predicate attribute_in(
      std::string_view key, std::initializer_list<std::string_view> values) noexcept {
    return entry(subject::attribute_entry, key, values);
  }
  static constexpr rule_predicate baggage_present(std::string_view key) noexcept {
    return entry(subject::baggage_entry, key, {});
  }
  static constexpr rule_predicate baggage_in(
      std::string_view key, std::initializer_list<std::string_view> values) noexcept {
    return entry(subject::baggage_entry, key, values);
  }

  /// False when more than max_values values were given.
  constexpr bool valid() const noexcept { return valid_; }
  constexpr subject what() const noexcept { return subject_; }

  template <class Params>
  constexpr bool matches(const Params& p) const noexcept {
    switch (subject_) {
      case subject::always:
        return true;
      case subject::name:
        return p.name == values_[0];
      case subject::name_prefix:
        return p.name.size() >= values_[0].size() &&
               std::string_view(p.name.data(), values_[0].size()) == values_[0];
      case subject::kind:
        return p.kind == kind_;
      case subject::attribute_entry: {
        const attribute* a = p.attributes.find(key_);
        if (a == nullptr) return false;
        if (count_ == 0) return true;
        char digits[24]{};
        const std::string_view text = attribute_text(*a, digits);
        return a->type != attribute_type::float64 && any_value_is(text);
      }
      case subject::baggage_entry: {
        if (p.baggage == nullptr) return false;
        const std::size_t i = p.baggage->find(key_);
        if (i == Params::baggage_type::npos) return false;
        return count_ == 0 || any_value_is(p.baggage->get(key_));
      }
    }
    return false;
  }

  constexpr void describe(description_writer& out) const noexcept {
    switch (subject_) {
      case subject::always:
        out.append("always");
        return;
      case subject::name:
        out.append("name=");
        out.append(values_[0]);
        return;
      case subject::name_prefix:
        out.append("name^=");
        out.append(values_[0]);
        return;
      case subject::kind:
        out.append("kind=");
        out.append(kind_name(kind_));
        return;
      case subject::attribute_entry:
        out.append("attribute:");
        break;
      case subject::baggage_entry:
        out.append("baggage:");
        break;
    }
    out.append(key_);
    for (std::size_t i = 0; i < count_; ++i) {
      out.put(i == 0 ? '=' : '|');
      out.append(values_[i]);
    }
  }

 private:
  constexpr rule_predicate() noexcept = default;
  constexpr explicit rule_predicate(subject s) noexcept : subject_(s) {}

  /// An attribute or baggage entry named `key`, present (no values) or equal to one of `values`.
  static constexpr rule_predicate entry(subject s, std::string_view key,
                                        std::initializer_list<std::string_view> values) noexcept {
    rule_predicate r(s);
    r.key_ = key;
    for (const std::string_view v : values) r.add_value(v);
    return r;
  }

  constexpr void add_value(std::string_view v) noexcept {
    if (count_ == max_values) {
      valid_ = false;
      return;
    }
    values_[count_++] = v;
  }

  constexpr bool any_value_is(std::string_view v) const noexcept {
    for (std::size_t i = 0; i < count_; ++i) {
      if (values_[i] == v) return true;
    }
    return false;
  }

  static constexpr std::string_view attribute_text(const attribute& a,
                                                   char (&digits)[24]) noexcept {
    switch (a.type) {
      case attribute_type::string:
        return a.string_value;
      case attribute_type::boolean:
        return a.bool_value ? std::string_view("true") : std::string_view("false");
      case attribute_type::int64: {
        const bool negative = a.int_value < 0;
        std::uint64_t v = negative ? 0 - static_cast<std::uint64_t>(a.int_value)
                                   : static_cast<std::uint64_t>(a.int_value);
        std::size_t i = 24;
        do {
          digits[--i] = static_cast<char>('0' + v % 10);
          v /= 10;
        } while (v != 0);
        if (negative) digits[--i] = '-';
        return std::string_view(digits + i, 24 - i);
      }
      case attribute_type::float64:
        break;
    }
    return std::string_view();
  }

  static constexpr std::string_view kind_name(span_kind k) noexcept {
    switch (k) {
      case span_kind::unspecified:
        return "unspecified";
      case span_kind::internal:
        return "internal";
      case span_kind::server:
        return "server";
      case span_kind::client:
        return "client";
      case span_kind::producer:
        return "producer";
      case span_kind::consumer:
        return "consumer";
    }
    return "?";
  }

  subject subject_ = subject::always;
  span_kind kind_ = span_kind::internal;
  bool valid_ = true;
  std::size_t count_ = 0;
  std::string_view key_;
  std::string_view values_[max_values]{};
};

template <class Sampler, std::size_t MaxRules = 8>
class rule_based {
  static_assert(MaxRules >= 1, "a rule_based sampler holds at least one rule");

 public:
  static constexpr std::size_t max_rules = MaxRules;

  constexpr rule_based() noexcept = default;

  /// Appends a rule (evaluated after those already added).
  constexpr errc add(const rule_predicate& when, const Sampler& then) noexcept {
    if (!when.valid()) return errc::sampler_argument_invalid;
    if (count_ == MaxRules) return errc::sampler_too_many_rules;
    rules_[count_].when = when;
    rules_[count_].then = then;
    ++count_;
    return errc::ok;
  }

  constexpr std::size_t size() const noexcept { return count_; }

  template <class Params>
  constexpr sampling_decision should_sample(const Params& p,
                                            typename Params::tracestate_type& ts) const noexcept {
    for (std::size_t i = 0; i < count_; ++i) {
      if (rules_[i].when.matches(p)) return rules_[i].then.should_sample(p, ts);
    }
    erase_threshold(ts);
    return sampling_decision::drop;
  }

  constexpr void describe(description_writer& out) const noexcept {
    out.append("RuleBased{");
    for (std::size_t i = 0; i < count_; ++i) {
      if (i != 0) out.put(',');
      rules_[i].when.describe(out);
      out.put(':');
      rules_[i].then.describe(out);
    }
    out.put('}');
  }

 private:
  struct rule {
    rule_predicate when = rule_predicate::always();
    Sampler then{};
  };
  rule rules_[MaxRules]{};
  std::size_t count_ = 0;
};

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_SAMPLING_RULE_BASED_HPP
