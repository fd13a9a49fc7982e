#include "team.h"

#include <chrono>

#if defined(__linux__)
#include <sched.h>
#endif

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define RNNLAB_PAUSE() _mm_pause()
#else
#define RNNLAB_PAUSE() ((void)0)
#endif

namespace rnnlab {

namespace {

using Clock = std::chrono::steady_clock;

/** How long an idle worker polls for the next job before sleeping. */
constexpr auto kIdleSpin = std::chrono::microseconds(300);

/** Spin-then-yield wait until pred() holds. */
template <class Pred>
inline void wait_until(Pred pred) {
  for (int i = 0; i < 4000; i++) {
    if (pred()) return;
    RNNLAB_PAUSE();
  }
  while (!pred()) std::this_thread::yield();
}

}  // namespace

Team& Team::get() {
  static Team* team = new Team();  // intentionally leaked: workers may outlive static destruction
  return *team;
}

Team::Team() : workers_(1, nullptr) {}

int Team::cpu_limit() {
  static const int limit = [] {
    int n = 0;
#if defined(__linux__)
    cpu_set_t set;
    if (sched_getaffinity(0, sizeof set, &set) == 0) n = CPU_COUNT(&set);
#endif
    if (n <= 0) n = (int)std::thread::hardware_concurrency();
    if (n <= 0) n = 1;
    return n < kMaxThreads ? n : kMaxThreads;
  }();
  return limit;
}

void Team::set_size(int n) {
  if (n < 1) n = 1;
  // more members than CPUs only makes the per-step barriers wait for descheduled threads
  if (n > cpu_limit()) n = cpu_limit();
  std::lock_guard<std::mutex> lock(run_mutex_);
  size_.store(n, std::memory_order_relaxed);
}

void Team::ensure_workers(int n) {
  while ((int)workers_.size() < n) {
    const int id = (int)workers_.size();
    Worker* w = new Worker();
    workers_.push_back(w);
    w->thread = std::thread([this, id] { worker_main(id); });
    w->thread.detach();
  }
}

void Team::worker_main(int id) {
  Worker& w = *workers_[id];
  uint64_t seen = 0;
  for (;;) {
    // poll for a while, then sleep until signalled
    const auto until = Clock::now() + kIdleSpin;
    uint64_t g;
    int polls = 0;
    while ((g = w.go.load(std::memory_order_seq_cst)) == seen) {
      RNNLAB_PAUSE();
      if (++polls % 64 == 0 && Clock::now() > until) {
        std::unique_lock<std::mutex> lock(w.m);
        w.sleeping.store(true, std::memory_order_seq_cst);
        w.cv.wait(lock, [&] { return w.go.load(std::memory_order_seq_cst) != seen; });
        w.sleeping.store(false, std::memory_order_seq_cst);
      }
    }
    seen = g;
    fn_(ctx_, id);
    w.done.store(g, std::memory_order_release);
  }
}

void Team::run(int P, Fn fn, void* ctx) {
  if (P <= 1) {
    fn(ctx, 0);
    return;
  }
  std::lock_guard<std::mutex> lock(run_mutex_);
  ensure_workers(P);
  fn_ = fn;
  ctx_ = ctx;
  const uint64_t s = ++seq_;
  bar_count_.store(0, std::memory_order_relaxed);
  bar_sense_.store(0, std::memory_order_relaxed);  // members start each job with sense = 0
  for (int k = 1; k < P; k++) {
    Worker& w = *workers_[k];
    w.go.store(s, std::memory_order_seq_cst);
    if (w.sleeping.load(std::memory_order_seq_cst)) {
      std::lock_guard<std::mutex> wl(w.m);
      w.cv.notify_one();
    }
  }
  fn(ctx, 0);
  for (int k = 1; k < P; k++) {
    Worker& w = *workers_[k];
    wait_until([&] { return w.done.load(std::memory_order_acquire) == s; });
  }
}

void Team::barrier(int P, int& sense) {
  if (P <= 1) return;
  sense ^= 1;
  if (bar_count_.fetch_add(1, std::memory_order_acq_rel) == P - 1) {
    bar_count_.store(0, std::memory_order_relaxed);
    bar_sense_.store(sense, std::memory_order_release);
  } else {
    wait_until([&] { return bar_sense_.load(std::memory_order_acquire) == sense; });
  }
}

}  // namespace rnnlab
