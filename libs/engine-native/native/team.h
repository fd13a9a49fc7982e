// A small persistent thread team: the calling thread is member 0, workers 1..n-1. Used by the
// fused kernels (static unit partition + barriers inside the time loop) and by the parallel
// sgemm. OpenBLAS itself is kept single-threaded so that only one pool competes for the cores.
//
// Idle workers spin for a short while after a job (back-to-back calls are common), then sleep on
// a condition variable. Jobs are run one at a time (a mutex serializes callers from different
// threads, e.g. worker_threads).
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <thread>
#include <vector>

namespace rnnlab {

class Team {
 public:
  static constexpr int kMaxThreads = 64;
  using Fn = void (*)(void* ctx, int member);

  /** The process-wide team (created on first use, never destroyed). */
  static Team& get();

  /** Number of members a job may use (>= 1). */
  int size() const { return size_.load(std::memory_order_relaxed); }
  /** Sets the number of members, capped to [1, cpu_limit()]; workers are created lazily. */
  void set_size(int n);
  /** CPUs this process may run on (sched_getaffinity), at most kMaxThreads. */
  static int cpu_limit();

  /** Runs fn(ctx, k) for k = 0..P-1 (k = 0 on the calling thread) and waits for all; P <= size(). */
  void run(int P, Fn fn, void* ctx);

  /** Barrier among the P members of the running job (no-op for P == 1); each member keeps its own
   *  `sense`, starting at 0 in every job. */
  void barrier(int P, int& sense);

 private:
  struct Worker {
    std::thread thread;
    std::atomic<uint64_t> go{0};
    std::atomic<uint64_t> done{0};
    std::atomic<bool> sleeping{false};
    std::mutex m;
    std::condition_variable cv;
  };

  Team();
  void ensure_workers(int n);
  void worker_main(int id);

  std::atomic<int> size_{1};
  std::mutex run_mutex_;
  std::vector<Worker*> workers_;  // index 0 unused
  uint64_t seq_ = 0;
  Fn fn_ = nullptr;
  void* ctx_ = nullptr;
  // barrier state
  std::atomic<int> bar_count_{0};
  std::atomic<int> bar_sense_{0};
};

}  // namespace rnnlab
