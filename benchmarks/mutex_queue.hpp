// SPDX-License-Identifier: Apache-2.0
//
// benchmarks/mutex_queue.hpp: the span ring's baseline, shared by ring_bench.cpp (times) and
// ops_ring.cpp (instructions): a bounded std::deque under one std::mutex, drop-on-full, that hands
// records out by copying them under the lock and visiting them after it (what a mutex-protected
// exporter queue does).
#ifndef TRACEWIRE_BENCH_MUTEX_QUEUE_HPP
#define TRACEWIRE_BENCH_MUTEX_QUEUE_HPP

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <mutex>
#include <vector>

namespace tracewire_bench {

template <class Record>
class mutex_deque_queue {
 public:
  explicit mutex_deque_queue(std::size_t capacity) : capacity_(capacity) {}

  bool try_push(const Record& r) {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (queue_.size() >= capacity_) {
      ++dropped_;
      return false;
    }
    queue_.push_back(r);
    return true;
  }
  /// Copies the oldest record out under the lock.
  bool try_pop(Record& out) {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (queue_.empty()) return false;
    out = queue_.front();
    queue_.pop_front();
    return true;
  }
  /// Copies up to max records into buffer under the lock, then visits them outside it.
  template <class Visitor>
  std::size_t drain(std::size_t max, std::vector<Record>& buffer, Visitor&& visit) {
    buffer.clear();
    {
      const std::lock_guard<std::mutex> lock(mutex_);
      const std::size_t n = std::min(max, queue_.size());
      for (std::size_t i = 0; i < n; ++i) {
        buffer.push_back(queue_.front());
        queue_.pop_front();
      }
    }
    for (const Record& r : buffer) visit(r);
    return buffer.size();
  }
  void clear() {
    const std::lock_guard<std::mutex> lock(mutex_);
    queue_.clear();
  }
  std::uint64_t dropped() const { return dropped_; }

 private:
  std::mutex mutex_;
  std::deque<Record> queue_;
  std::size_t capacity_;
  std::uint64_t dropped_ = 0;
};

}  // namespace tracewire_bench

#endif  // TRACEWIRE_BENCH_MUTEX_QUEUE_HPP
