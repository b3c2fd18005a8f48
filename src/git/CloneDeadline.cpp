#include "CloneDeadline.h"

#include <unistd.h>

#include <algorithm>

namespace kcicd::git {
namespace {

// Only there so that SIGALRM interrupts a blocking call instead of ending the process.
void interruptOnly(int) {}

timespec toTimespec(std::chrono::milliseconds ms) {
  auto seconds = std::chrono::duration_cast<std::chrono::seconds>(ms);
  return {static_cast<time_t>(seconds.count()), static_cast<long>((ms - seconds).count() * 1000000)};
}

// Repeats after the deadline: one signal may land while the thread is not waiting, and libgit2
// retries the calls it sees interrupted outside a socket wait (file reads and writes).
constexpr std::chrono::milliseconds kRepeat{100};

}  // namespace

CloneDeadline::CloneDeadline(std::chrono::milliseconds limit)
    : end_(std::chrono::steady_clock::now() + limit) {
  struct sigaction action {};
  action.sa_handler = interruptOnly;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: the interrupted wait returns EINTR
  sigaction(SIGALRM, &action, &previous_);
  sigevent event{};
  event.sigev_notify = SIGEV_THREAD_ID;  // this thread: another one's calls are not for this clone
  event.sigev_signo = SIGALRM;
#ifdef sigev_notify_thread_id
  event.sigev_notify_thread_id = gettid();
#else
  event._sigev_un._tid = gettid();  // glibc 2.36 (Debian 12) has the field but not its name yet
#endif
  if (timer_create(CLOCK_MONOTONIC, &event, &timer_) != 0) return;  // the callbacks still see the deadline
  itimerspec when{toTimespec(kRepeat), toTimespec(std::max(limit, std::chrono::milliseconds(1)))};
  armed_ = timer_settime(timer_, 0, &when, nullptr) == 0;
  if (!armed_) timer_delete(timer_);
}

CloneDeadline::~CloneDeadline() {
  if (armed_) timer_delete(timer_);  // a signal already sent is delivered when this call returns
  sigaction(SIGALRM, &previous_, nullptr);
}

}  // namespace kcicd::git
