// SPDX-License-Identifier: Apache-2.0
//
// tracewire/carriers/grpcpp.hpp: carrier adapters (carrier.hpp) and interceptors for gRPC C++
// (grpcpp). Optional: this header includes grpcpp and is never included by tracewire.hpp. Tested
// against the Debian 12 package libgrpc++-dev 1.51 (`find_package(gRPC CONFIG)`, target
// gRPC::grpc++; that config file also needs protobuf-compiler-grpc installed, see the tests).
//
// Rules (PROTOCOL-HTTP2.md "Custom-Metadata"): keys are `0-9 a-z _ - .` and compared exactly;
// ordinary values are printable ASCII (0x20-0x7E); values of `-bin` keys are raw bytes (gRPC
// base64-encodes them on the wire only). gRPC C++ aborts the process when a call carries a key or
// value that breaks these rules, so every writer here checks first with grpc_policy::check
// (carriers/grpc.hpp) and refuses with errc::carrier_key_invalid / carrier_value_invalid.
//
// grpc-trace-bin: a client sends it (the grpc_trace_bin propagator through either writer below;
// two gRPC C++ peers carry it as raw "true binary" bytes). A gRPC C++ 1.51 server cannot read it:
// gRPC core parses that key for its own OpenCensus filter and does not hand it to the
// application (client_metadata() and interceptors never see it; tests/carriers checks this), so
// extraction there falls back to the W3C fields. Peers in other languages (Java, Go) expose it.
//
// 1. Client, by hand: grpc_client_context_carrier over a grpc::ClientContext (AddMetadata).
//      grpc::ClientContext cctx;
//      auto carrier = tracewire::grpc_client_carrier(cctx);
//      tracewire::composite<tracewire::w3c_trace_context, tracewire::w3c_baggage>{}.inject(ctx,
//                                                                                     carrier);
//    ClientContext can neither read nor remove metadata, so set() appends: inject once per
//    ClientContext (one ClientContext serves one call anyway).
//
// 2. Server, by hand: grpc_server_metadata_carrier over ServerContext::client_metadata(), a
//    multimap of grpc::string_ref (views into the call's metadata, not NUL-terminated: the adapter
//    uses data() and size() only). Nothing is copied, nothing allocated.
//      tracewire::context ctx;
//      propagator.extract(tracewire::grpc_server_carrier(server_context), ctx);
//
// 3. Automatically, with interceptors (grpc::experimental, stable in practice since 1.2x):
//    - client: grpc_client_interceptor_factory<Propagator, Context> on the channel
//      (CreateCustomChannelWithInterceptors). Each call injects the context made current on the
//      calling thread by a grpc_outbound_scope<Context> (nothing when none is):
//        { tracewire::grpc_outbound_scope<tracewire::context> scope(ctx);  stub->Call(...); }
//      The interceptor keeps a pointer to that context from the call's creation until its initial
//      metadata is sent, which for sync, callback and async calls happens before the stub method
//      (or StartCall) returns: keep the scope open across that call.
//    - server: grpc_server_interceptor_factory<Propagator, Context> on the ServerBuilder
//      (experimental().SetInterceptorCreators). The interceptor extracts when the client's
//      initial metadata arrives (POST_RECV_INITIAL_METADATA) into a per-thread slot tagged with
//      the call's ServerContext; the handler gets it with
//        const tracewire::context* ctx = tracewire::grpc_extracted_context(*server_context);
//      Why a per-thread slot: gRPC 1.51 offers no per-call user storage on ServerContext that an
//      interceptor can reach (ContextAllocator would need the user's own ServerContext subclass and
//      a downcast the interceptor cannot verify), and gRPC runs a non-deferring interceptor chain
//      and then the method handler (sync handler, callback reactor creation) on the same thread,
//      back to back. The slot costs no allocation and no lock (the extract writes into it in
//      place). The tag makes it safe: grpc_extracted_context returns nullptr unless the slot was
//      filled for this very ServerContext, e.g. when an earlier interceptor deferred (Hijack or an
//      asynchronous Proceed) and the handler runs on another thread; then extract by hand (2).
//      The pointer is valid until this thread handles another call: read it when the handler
//      starts and copy what must outlive that. (ServerContext addresses can be reused by a later
//      call; within one thread the later call's interceptor overwrites the slot first.)
#ifndef TRACEWIRE_CARRIERS_GRPCPP_HPP
#define TRACEWIRE_CARRIERS_GRPCPP_HPP

#include <grpcpp/client_context.h>
#include <grpcpp/server_context.h>
#include <grpcpp/support/client_interceptor.h>
#include <grpcpp/support/interceptor.h>
#include <grpcpp/support/server_interceptor.h>
#include <grpcpp/support/string_ref.h>

#include <cstddef>
#include <map>
#include <string>
#include <string_view>

#include "tracewire/carrier.hpp"
#include "tracewire/carriers/grpc.hpp"
#include "tracewire/config.hpp"
#include "tracewire/context.hpp"
#include "tracewire/error.hpp"
#include "tracewire/propagation/propagator.hpp"

TRACEWIRE_BEGIN_NAMESPACE

/// What a server receives: grpc::ServerContextBase::client_metadata(), the interceptors'
/// GetRecvInitialMetadata(), and a client's server_initial_metadata()/trailing metadata.
using grpc_received_metadata = std::multimap<grpc::string_ref, grpc::string_ref>;

/// Read-only adapter over received metadata. The multimap is ordered by key (byte order) and keeps
/// repeated keys in arrival order, so split tracestate/baggage values combine in order.
class grpc_server_metadata_carrier {
 public:
  static constexpr key_rule keys = key_rule::exact;
  using iterator = grpc_received_metadata::const_iterator;

  explicit grpc_server_metadata_carrier(const grpc_received_metadata& md) noexcept : md_(&md) {}

  iterator begin() const noexcept { return md_->cbegin(); }
  iterator end() const noexcept { return md_->cend(); }
  // grpc::string_ref is not NUL-terminated: only data() and size() are used.
  static std::string_view key(iterator it) noexcept {
    return std::string_view(it->first.data(), it->first.size());
  }
  static std::string_view value(iterator it) noexcept {
    return std::string_view(it->second.data(), it->second.size());
  }

 private:
  const grpc_received_metadata* md_;
};

/// Write-only adapter over a grpc::ClientContext. set() and add() check the key and value
/// (grpc_policy) and then AddMetadata, which copies them; both append (see 1. above).
class grpc_client_context_carrier {
 public:
  static constexpr key_rule keys = key_rule::exact;

  explicit grpc_client_context_carrier(grpc::ClientContext& c) noexcept : c_(&c) {}

  /// Adds `key: value` after grpc_policy::check; refuses (adds nothing) what gRPC would abort on.
  errc set(std::string_view key, std::string_view value) { return add(key, value); }
  errc add(std::string_view key, std::string_view value) {
    if (const errc e = grpc_policy::check(key, value); e != errc::ok) return e;
    c_->AddMetadata(std::string(key), std::string(value));
    return errc::ok;
  }

  grpc::ClientContext& client_context() const noexcept { return *c_; }

 private:
  grpc::ClientContext* c_;
};

// Named apart from carriers/grpc.hpp's grpc_carrier(Container&), a template that would win
// overload resolution for every ServerContext subclass (an exact match beats a conversion to
// ServerContextBase).

/// Reads a server call's client metadata (any ServerContext, CallbackServerContext, generic...).
inline grpc_server_metadata_carrier grpc_server_carrier(const grpc::ServerContextBase& ctx) {
  return grpc_server_metadata_carrier(ctx.client_metadata());
}
/// Reads received metadata (e.g. an interceptor's GetRecvInitialMetadata()).
inline grpc_server_metadata_carrier grpc_server_carrier(const grpc_received_metadata& md) noexcept {
  return grpc_server_metadata_carrier(md);
}
/// Writes a client call's metadata through ClientContext::AddMetadata.
inline grpc_client_context_carrier grpc_client_carrier(grpc::ClientContext& ctx) noexcept {
  return grpc_client_context_carrier(ctx);
}

// --- client interceptor ---------------------------------------------------------------------

/// Makes `ctx` the context that calls started on this thread inject, until destroyed (scopes
/// nest: the previous one comes back). `ctx` must outlive the scope.
template <class Context = context>
class grpc_outbound_scope {
 public:
  explicit grpc_outbound_scope(const Context& ctx) noexcept : previous_(slot()) { slot() = &ctx; }
  ~grpc_outbound_scope() { slot() = previous_; }
  grpc_outbound_scope(const grpc_outbound_scope&) = delete;
  grpc_outbound_scope& operator=(const grpc_outbound_scope&) = delete;

  /// The innermost open scope's context on this thread, or nullptr.
  static const Context* current() noexcept { return slot(); }

 private:
  static const Context*& slot() noexcept {
    static thread_local const Context* current_context = nullptr;
    return current_context;
  }
  const Context* previous_;
};

/// Injects the calling thread's grpc_outbound_scope context into every call's initial metadata
/// with `Propagator` (a propagator value type such as composite<...>). A key or value the
/// carrier refuses is not sent and the call goes on (gRPC would abort the process instead).
template <class Propagator, class Context = context>
class grpc_client_interceptor final : public grpc::experimental::Interceptor {
 public:
  explicit grpc_client_interceptor(const Context* ctx) noexcept : ctx_(ctx) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (ctx_ != nullptr &&
        methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::PRE_SEND_INITIAL_METADATA)) {
      if (std::multimap<std::string, std::string>* md = methods->GetSendInitialMetadata()) {
        auto carrier = grpc_carrier(*md);  // carriers/grpc.hpp: checked, set() replaces
        static_cast<void>(Propagator{}.inject(*ctx_, carrier));
      }
      ctx_ = nullptr;  // sent: the scope may end now
    }
    methods->Proceed();
  }

 private:
  const Context* ctx_;
};

/// Pass to grpc::experimental::CreateCustomChannelWithInterceptors (or
/// Server::experimental().InProcessChannelWithInterceptors).
template <class Propagator, class Context = context>
class grpc_client_interceptor_factory final
    : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* /*info*/) override {
    // Runs on the thread that creates the call: that is where the scope is open.
    const Context* ctx = grpc_outbound_scope<Context>::current();
    if (ctx == nullptr) return nullptr;  // gRPC then skips this interceptor for the call
    return new grpc_client_interceptor<Propagator, Context>(ctx);
  }
};

// --- server interceptor ---------------------------------------------------------------------

namespace detail {
/// The per-thread slot the server interceptor fills (see 3. above).
template <class Context>
struct grpc_inbound_slot {
  const grpc::ServerContextBase* owner = nullptr;
  Context value;
  propagation_status status;

  static grpc_inbound_slot& get() noexcept {
    static thread_local grpc_inbound_slot slot;
    return slot;
  }
};

/// Empties a context without assigning a whole new one (a context holds ~9 KB inline).
template <class SC, class BG>
void reset_context(basic_context<SC, BG>& c) noexcept {
  c.span.trace_id = {};
  c.span.span_id = {};
  c.span.flags = {};
  c.span.tracestate.clear();
  c.span.remote = false;
  c.baggage.clear();
}
}  // namespace detail

/// Extracts with `Propagator` from every call's client metadata into this thread's slot.
template <class Propagator, class Context = context>
class grpc_server_interceptor final : public grpc::experimental::Interceptor {
 public:
  explicit grpc_server_interceptor(const grpc::ServerContextBase* server_context) noexcept
      : server_context_(server_context) {}

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    if (methods->QueryInterceptionHookPoint(
            grpc::experimental::InterceptionHookPoints::POST_RECV_INITIAL_METADATA)) {
      if (const grpc_received_metadata* md = methods->GetRecvInitialMetadata()) {
        auto& slot = detail::grpc_inbound_slot<Context>::get();
        slot.owner = server_context_;
        detail::reset_context(slot.value);
        slot.status = Propagator{}.extract(grpc_server_carrier(*md), slot.value);
      }
    }
    methods->Proceed();
  }

 private:
  const grpc::ServerContextBase* server_context_;
};

/// Pass to ServerBuilder::experimental().SetInterceptorCreators.
template <class Propagator, class Context = context>
class grpc_server_interceptor_factory final
    : public grpc::experimental::ServerInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateServerInterceptor(
      grpc::experimental::ServerRpcInfo* info) override {
    return new grpc_server_interceptor<Propagator, Context>(info->server_context());
  }
};

/// The context grpc_server_interceptor extracted for the call of `server_context`, or nullptr when
/// this thread's slot belongs to another call (see 3. above). Valid until this thread handles
/// another call.
template <class Context = context>
const Context* grpc_extracted_context(const grpc::ServerContextBase& server_context) noexcept {
  const auto& slot = detail::grpc_inbound_slot<Context>::get();
  return slot.owner == &server_context ? &slot.value : nullptr;
}

/// The extract status for the call of `server_context` (error field_missing when the slot belongs
/// to another call).
template <class Context = context>
propagation_status grpc_extraction_status(const grpc::ServerContextBase& server_context) noexcept {
  const auto& slot = detail::grpc_inbound_slot<Context>::get();
  return slot.owner == &server_context ? slot.status
                                       : propagation_status{errc::field_missing, errc::ok};
}

TRACEWIRE_END_NAMESPACE

#endif  // TRACEWIRE_CARRIERS_GRPCPP_HPP
