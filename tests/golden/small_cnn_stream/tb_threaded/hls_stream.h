// hls::stream for loom's threaded dataflow check (`loom csim --threaded`), not for synthesis.
//
// The C-simulation of a DATAFLOW top runs its processes one after another over FIFOs that never
// fill, so it cannot show that a FIFO depth is too small. Compiled with -DLOOM_THREADED_DATAFLOW
// and this directory ahead of ap_types on the include path, the top written by loom runs every
// process as its own thread instead, and each FIFO holds at most its STREAM pragma's depth: a
// write to a full FIFO waits, as the hardware's does. The run completes only if the depths let
// it; when every running process waits on a FIFO no other process can serve, the run stops and
// prints who waits for what ("csim: deadlock: ...").
//
// One mutex guards every FIFO, so that the deadlock check sees all of them at one instant.
// LOOM_CSIM_FIFO_DEPTHS="name=depth,..." overrides depths by FIFO name (to show that a depth
// below the computed one stalls). FIFOs the top does not size (its ports) are unbounded.
#ifndef LOOM_THREADED_HLS_STREAM_H_
#define LOOM_THREADED_HLS_STREAM_H_

#include <condition_variable>
#include <cstddef>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <functional>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace loom_threaded {

class fifo_base;

// What one waiting process waits for.
struct waiter {
  const char* process;
  const fifo_base* fifo;
  bool reading;  // else writing
};

// Per FIFO name, over every call of the top: its depth and the most beats it held.
struct fifo_stats {
  size_t depth;
  size_t max_held;
};

struct state {
  std::mutex mu;
  int live = 0;  // processes started and not finished
  std::vector<waiter> waiting;
  std::map<std::string, fifo_stats> stats;
  std::map<std::string, size_t> overrides;
  std::map<std::string, bool> override_used;
  bool overrides_read = false;
};

inline state& global() {
  static state s;
  return s;
}

// The process running on this thread; null for the testbench's own thread.
inline const char*& current_process() {
  static thread_local const char* name = 0;
  return name;
}

class fifo_base {
 public:
  explicit fifo_base(const std::string& name) : name_(name), depth_(0) {}
  virtual ~fifo_base() {}
  const std::string& name() const { return name_; }
  size_t depth() const { return depth_; }  // 0: unbounded
  virtual size_t held() const = 0;
  bool can_read() const { return held() > 0; }
  bool can_write() const { return depth_ == 0 || held() < depth_; }
  void set_depth(size_t d) {
    depth_ = d;
    fifo_stats& st = global().stats[name_];
    st.depth = d;
  }

 protected:
  void note_held(size_t n) {
    if (depth_ == 0) return;
    fifo_stats& st = global().stats[name_];
    if (n > st.max_held) st.max_held = n;
  }
  std::string name_;
  size_t depth_;
};

// Called with the lock held, when a process is about to wait or has finished: if every running
// process waits on a FIFO that cannot serve it, nothing can ever move again.
inline void check_deadlock() {
  state& s = global();
  if (s.live == 0 || static_cast<int>(s.waiting.size()) < s.live) return;
  for (size_t i = 0; i < s.waiting.size(); ++i) {
    const waiter& w = s.waiting[i];
    if (w.reading ? w.fifo->can_read() : w.fifo->can_write()) return;  // woken, not yet running
  }
  std::printf("csim: deadlock: every running process waits on a FIFO:\n");
  for (size_t i = 0; i < s.waiting.size(); ++i) {
    const waiter& w = s.waiting[i];
    std::printf("csim:   %s waits to %s %s (%zu of depth %zu held)\n", w.process,
                w.reading ? "read from the empty" : "write to the full", w.fifo->name().c_str(),
                w.fifo->held(), w.fifo->depth());
  }
  std::fflush(stdout);
  std::_Exit(3);
}

// Waits on `cv` until `ready()`, registered as waiting on `f` (lock held).
template <typename READY>
void wait_for(std::unique_lock<std::mutex>& lock, std::condition_variable& cv, const fifo_base& f,
              bool reading, READY ready) {
  if (ready()) return;
  state& s = global();
  const char* process = current_process();
  if (process == 0) {
    std::printf("csim: the testbench %s FIFO %s, which no process serves\n",
                reading ? "reads the empty" : "writes the full", f.name().c_str());
    std::fflush(stdout);
    std::_Exit(3);
  }
  waiter w = {process, &f, reading};
  s.waiting.push_back(w);
  while (!ready()) {
    check_deadlock();
    cv.wait(lock);
  }
  for (size_t i = 0; i < s.waiting.size(); ++i) {
    if (s.waiting[i].process == process) {
      s.waiting.erase(s.waiting.begin() + static_cast<std::ptrdiff_t>(i));
      break;
    }
  }
}

// The depth of FIFO `name`: `depth`, unless LOOM_CSIM_FIFO_DEPTHS names it.
inline size_t depth_of(const char* name, size_t depth) {
  state& s = global();
  std::lock_guard<std::mutex> lock(s.mu);
  if (!s.overrides_read) {
    s.overrides_read = true;
    const char* env = std::getenv("LOOM_CSIM_FIFO_DEPTHS");
    std::string spec = env ? env : "";
    size_t at = 0;
    while (at < spec.size()) {
      size_t end = spec.find(',', at);
      if (end == std::string::npos) end = spec.size();
      const std::string item = spec.substr(at, end - at);
      const size_t eq = item.find('=');
      char* stop = 0;
      const long d = eq == std::string::npos ? 0 : std::strtol(item.c_str() + eq + 1, &stop, 10);
      if (eq == std::string::npos || d < 1 || *stop != '\0') {
        std::printf("csim: LOOM_CSIM_FIFO_DEPTHS: '%s' is not name=depth (depth >= 1)\n",
                    item.c_str());
        std::exit(2);
      }
      s.overrides[item.substr(0, eq)] = static_cast<size_t>(d);
      s.override_used[item.substr(0, eq)] = false;
      at = end + 1;
    }
  }
  std::map<std::string, size_t>::const_iterator it = s.overrides.find(name);
  if (it == s.overrides.end()) return depth;
  s.override_used[name] = true;
  return it->second;
}

template <typename T>
void set_depth(T& fifo, size_t depth) {
  fifo.set_depth(depth_of(fifo.name().c_str(), depth));
}

struct process {
  const char* name;
  std::function<void()> body;
};

// Runs every process of one call of the top as a thread and waits for all of them.
inline void run(const std::vector<process>& processes) {
  state& s = global();
  {
    std::lock_guard<std::mutex> lock(s.mu);
    for (std::map<std::string, bool>::const_iterator it = s.override_used.begin();
         it != s.override_used.end(); ++it) {
      if (!it->second) {
        std::printf("csim: LOOM_CSIM_FIFO_DEPTHS names %s, which is not a FIFO of the top\n",
                    it->first.c_str());
        std::exit(2);
      }
    }
    s.live = static_cast<int>(processes.size());
  }
  std::vector<std::thread> threads;
  for (size_t i = 0; i < processes.size(); ++i) {
    const process* p = &processes[i];
    threads.push_back(std::thread([p] {
      current_process() = p->name;
      p->body();
      state& st = global();
      std::lock_guard<std::mutex> lock(st.mu);
      --st.live;
      check_deadlock();
    }));
  }
  for (size_t i = 0; i < threads.size(); ++i) threads[i].join();
}

// Per sized FIFO: its depth and the most beats it held in any call (thread timing decides how
// close to the depth that comes; a full FIFO only slowed its writer).
inline void report() {
  state& s = global();
  std::lock_guard<std::mutex> lock(s.mu);
  for (std::map<std::string, fifo_stats>::const_iterator it = s.stats.begin(); it != s.stats.end();
       ++it) {
    if (it->second.depth == 0) continue;
    std::printf("csim: fifo %s depth %zu held at most %zu\n", it->first.c_str(), it->second.depth,
                it->second.max_held);
  }
}

}  // namespace loom_threaded

namespace hls {

template <typename T>
class stream : public loom_threaded::fifo_base {
 public:
  stream() : fifo_base(next_name()) {}
  explicit stream(const std::string& name) : fifo_base(name) {}
  stream(const char* name) : fifo_base(name) {}  // NOLINT: as Xilinx's, implicit
  ~stream() {
    if (!data_.empty()) {
      std::printf("WARNING: Hls::stream '%s' contains leftover data\n", name_.c_str());
    }
  }

  T read() {
    loom_threaded::state& s = loom_threaded::global();
    std::unique_lock<std::mutex> lock(s.mu);
    loom_threaded::wait_for(lock, readable_, *this, true, [this] { return !data_.empty(); });
    T v = data_.front();
    data_.pop_front();
    writable_.notify_one();
    return v;
  }
  void read(T& v) { v = read(); }
  void operator>>(T& v) { v = read(); }
  bool read_nb(T& v) {
    loom_threaded::state& s = loom_threaded::global();
    std::unique_lock<std::mutex> lock(s.mu);
    if (data_.empty()) return false;
    v = data_.front();
    data_.pop_front();
    writable_.notify_one();
    return true;
  }

  void write(const T& v) {
    loom_threaded::state& s = loom_threaded::global();
    std::unique_lock<std::mutex> lock(s.mu);
    loom_threaded::wait_for(lock, writable_, *this, false, [this] { return can_write(); });
    data_.push_back(v);
    note_held(data_.size());
    readable_.notify_one();
  }
  void operator<<(const T& v) { write(v); }
  bool write_nb(const T& v) {
    loom_threaded::state& s = loom_threaded::global();
    std::unique_lock<std::mutex> lock(s.mu);
    if (!can_write()) return false;
    data_.push_back(v);
    note_held(data_.size());
    readable_.notify_one();
    return true;
  }

  bool empty() {
    std::lock_guard<std::mutex> lock(loom_threaded::global().mu);
    return data_.empty();
  }
  bool full() {
    std::lock_guard<std::mutex> lock(loom_threaded::global().mu);
    return !can_write();
  }
  size_t size() {
    std::lock_guard<std::mutex> lock(loom_threaded::global().mu);
    return data_.size();
  }
  size_t held() const { return data_.size(); }

 private:
  stream(const stream&);
  stream& operator=(const stream&);
  static std::string next_name() {
    static unsigned counter = 0;
    char buf[32];
    std::snprintf(buf, sizeof(buf), "hls_stream.%u", ++counter);
    return buf;
  }
  std::deque<T> data_;
  std::condition_variable readable_, writable_;
};

}  // namespace hls

#endif  // LOOM_THREADED_HLS_STREAM_H_
