// SPDX-License-Identifier: Apache-2.0
//
// examples/checkout_journey/telemetry.cpp: the demo tracer (see telemetry.hpp).
#include "telemetry.hpp"

#include <cinttypes>

namespace demo {

std::string to_text(const tracewire::attribute_view& a) {
  switch (a.type()) {
    case tracewire::attribute_type::string:
      return std::string(a.string_value());
    case tracewire::attribute_type::int64:
      return std::to_string(a.int_value());
    case tracewire::attribute_type::float64: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.2f", a.double_value());
      return buf;
    }
    case tracewire::attribute_type::boolean:
      return a.bool_value() ? "true" : "false";
  }
  return {};
}

exported_span export_record(const record& r) {
  exported_span s;
  s.trace_id = r.trace_id();
  s.span_id = r.span_id();
  s.parent_id = r.parent_span_id();
  s.name = std::string(r.name());
  s.kind = r.kind();
  s.start_ns = r.start_time_unix_ns();
  s.end_ns = r.end_time_unix_ns();
  s.error = r.status_code() == tracewire::span_status_code::error;
  s.status_message = std::string(r.status_message());
  r.for_each_attribute([&s](const tracewire::attribute_view& a) {
    s.attributes.emplace_back(std::string(a.key()), to_text(a));
  });
  for (std::size_t i = 0; i < r.event_count(); ++i)
    s.events.emplace_back(std::string(r.event(i).name()), r.event(i).time_unix_ns());
  return s;
}

std::unique_ptr<ring_base> make_ring(std::size_t capacity) {
  if (capacity <= 16) return std::make_unique<ring_of<16>>();
  if (capacity <= 64) return std::make_unique<ring_of<64>>();
  if (capacity <= 256) return std::make_unique<ring_of<256>>();
  if (capacity <= 1024) return std::make_unique<ring_of<1024>>();
  if (capacity <= 4096) return std::make_unique<ring_of<4096>>();
  if (capacity <= 16384) return std::make_unique<ring_of<16384>>();
  return std::make_unique<ring_of<65536>>();
}

span tracer::start(int journey, std::string_view service, std::string_view name,
                   tracewire::span_kind kind, const tracewire::span_context* parent,
                   const tracewire::baggage* bag, std::uint64_t now_ns) {
  span s;
  const bool has_parent = parent != nullptr && parent->is_valid();
  s.ctx_.trace_id = has_parent ? parent->trace_id : tracewire::thread_ids::new_trace_id();
  s.ctx_.span_id = tracewire::thread_ids::new_span_id();
  // A new root's trace-id is random in every bit: it may say so (W3C Level 2 random flag), which
  // is what lets every later hop's consistent sampler trust the id's low 56 bits.
  const tracewire::trace_flags flags =
      has_parent ? parent->flags : tracewire::trace_flags().with_random(true);

  tracewire::sampling_parameters p;
  p.parent = parent;
  p.trace_id = s.ctx_.trace_id;
  p.flags = flags;
  p.name = name;
  p.kind = kind;
  p.baggage = bag;
  const tracewire::sampling_result r = tracewire::sample(sampler_, p);
  s.ctx_.flags = flags.with_sampled(tracewire::is_sampled(r.decision));
  s.ctx_.tracestate = r.tracestate;
  s.start_ns_ = now_ns;
  {
    const std::lock_guard<std::mutex> lock(mutex_);
    decisions_.push_back(decision{journey, std::string(service), s.sampled()});
  }
  if (s.sampled()) {
    s.rec_.reset();
    s.rec_.set_trace_id(s.ctx_.trace_id);
    s.rec_.set_span_id(s.ctx_.span_id);
    if (has_parent) s.rec_.set_parent_span_id(parent->span_id);
    s.rec_.set_flags(s.ctx_.flags);
    s.rec_.set_kind(kind);
    static_cast<void>(s.rec_.set_name(name));
    s.rec_.set_start_time(now_ns);
    static_cast<void>(s.rec_.set_attribute("service.name", service));
    static_cast<void>(s.rec_.set_attribute("checkout.journey", static_cast<std::int64_t>(journey)));
  }
  return s;
}

void tracer::end(span& s, std::uint64_t now_ns) noexcept {
  if (!s.sampled()) return;
  s.rec_.set_end_time(now_ns);
  static_cast<void>(ring_.push(s.rec_));  // a full ring drops the record and counts it
}

void tracer::log(int journey, std::string_view service, const span& s, const std::string& text) {
  if (journey >= log_.journeys_logged) return;
  char tid[33] = {};
  char sid[17] = {};
  s.context().trace_id.to_hex(tid);
  s.context().span_id.to_hex(sid);
  const std::lock_guard<std::mutex> lock(mutex_);
  std::printf("  [%-9.*s] trace_id=%s span_id=%s sampled=%d %s\n", static_cast<int>(service.size()),
              service.data(), tid, sid, s.sampled() ? 1 : 0, text.c_str());
}

}  // namespace demo
