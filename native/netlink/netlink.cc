// A netlink socket for Node: open (optionally inside another network namespace), send a buffer of
// messages in one sendmsg, and hand whole datagrams to JS when the non-blocking fd becomes readable
// (libuv uv_poll, so the event loop never blocks). Everything above bytes (sequence numbers, ACK
// matching, dumps, the rtnetlink codec) lives in TypeScript: this file stays small on purpose.
#include <napi.h>
#include <uv.h>

#include "twill-fd-poll.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/netlink.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <string>
#include <vector>

namespace {

using twill::ErrnoError;
using twill::PollBox;

// A kernel datagram is at most one skb; dumps use up to 32 KiB, so 64 KiB always holds one whole.
constexpr size_t kMaxDatagramBytes = 64 * 1024;
// Datagrams are concatenated (netlink messages are self-delimiting) so one JS call carries many ACKs.
constexpr size_t kScratchBytes = 1024 * 1024;
// Level-triggered poll calls us again, so give other handles a turn after this many flushes.
constexpr int kMaxFlushesPerWakeup = 8;


// setsockopt with the *FORCE variant first: it ignores net.core.rmem_max but needs CAP_NET_ADMIN.
int SetBuffer(int fd, int force_opt, int opt, int bytes) {
  if (setsockopt(fd, SOL_SOCKET, force_opt, &bytes, sizeof bytes) == 0) return 0;
  return setsockopt(fd, SOL_SOCKET, opt, &bytes, sizeof bytes);
}

int GetIntOpt(int fd, int level, int opt) {
  int value = 0;
  socklen_t len = sizeof value;
  return getsockopt(fd, level, opt, &value, &len) == 0 ? value : -1;
}

// Creates the socket inside the namespace at `path`. setns() switches only the calling thread (the JS
// main thread) and we switch back before returning: no JS, no libuv callback and no other thread runs
// in between, libuv's thread pool keeps its own namespaces, and a socket stays in the namespace it was
// created in for its whole life. If switching back fails the process would keep running in the wrong
// namespace, which is worse than dying, so it aborts.
int SocketInNetns(const std::string& path, int protocol, int* err) {
  int self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
  if (self < 0) return *err = errno, -1;
  int target = open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (target < 0) {
    *err = errno;
    close(self);
    return -1;
  }
  int fd = -1;
  if (setns(target, CLONE_NEWNET) != 0) {
    *err = errno;
  } else {
    fd = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
    if (fd < 0) *err = errno;
    if (setns(self, CLONE_NEWNET) != 0) abort();
  }
  close(target);
  close(self);
  return fd;
}


class NetlinkSocket : public Napi::ObjectWrap<NetlinkSocket> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "NetlinkSocket",
                       {InstanceMethod("send", &NetlinkSocket::Send),
                        InstanceMethod("addMembership", &NetlinkSocket::AddMembership),
                        InstanceMethod("dropMembership", &NetlinkSocket::DropMembership),
                        InstanceMethod("setRef", &NetlinkSocket::SetRef),
                        InstanceMethod("close", &NetlinkSocket::Close)});
  }

  // new NetlinkSocket({ protocol, netnsPath?, rcvbufBytes?, sndbufBytes?, extAck?, capAck?,
  //                     strictCheck? }, onData(buffer | null, errno))
  explicit NetlinkSocket(const Napi::CallbackInfo& info) : Napi::ObjectWrap<NetlinkSocket>(info) {
    Napi::Env env = info.Env();
    if (info.Length() < 2 || !info[0].IsObject() || !info[1].IsFunction()) {
      throw Napi::TypeError::New(env, "NetlinkSocket(options, onData) expected");
    }
    Napi::Object opts = info[0].As<Napi::Object>();
    int protocol = opts.Get("protocol").As<Napi::Number>().Int32Value();
    int err = 0;
    int fd;
    if (opts.Has("netnsPath") && opts.Get("netnsPath").IsString()) {
      fd = SocketInNetns(opts.Get("netnsPath").As<Napi::String>().Utf8Value(), protocol, &err);
      if (fd < 0) throw ErrnoError(env, "setns/socket", err);
    } else {
      fd = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC, protocol);
      if (fd < 0) throw ErrnoError(env, "socket", errno);
    }
    fd_ = fd;
    Configure(env, opts);

    sockaddr_nl addr{};
    addr.nl_family = AF_NETLINK;  // nl_pid 0: the kernel picks a unique port id
    if (bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) Fail(env, "bind");
    socklen_t len = sizeof addr;
    if (getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len) != 0) Fail(env, "getsockname");
    Value().Set("portId", Napi::Number::New(env, addr.nl_pid));
    Value().Set("rcvbufBytes", Napi::Number::New(env, GetIntOpt(fd_, SOL_SOCKET, SO_RCVBUF)));
    Value().Set("sndbufBytes", Napi::Number::New(env, GetIntOpt(fd_, SOL_SOCKET, SO_SNDBUF)));

    on_data_ = Napi::Persistent(info[1].As<Napi::Function>());
    context_ = std::make_unique<Napi::AsyncContext>(env, "TwillNetlinkSocket");
    scratch_.resize(kScratchBytes);

    int uv_error = 0;
    box_ = twill::StartReadPoll(env, fd_, this, &NetlinkSocket::OnPoll, &uv_error);
    if (box_ == nullptr) Fail(env, "uv_poll", -uv_error);
    // An open socket must not be collected while libuv can still call into it.
    Ref();
  }

  ~NetlinkSocket() override { Shutdown(); }

 private:
  void Configure(Napi::Env env, Napi::Object opts) {
    auto number = [&](const char* key) {
      return opts.Has(key) && opts.Get(key).IsNumber() ? opts.Get(key).As<Napi::Number>().Int32Value() : 0;
    };
    auto flag = [&](const char* key) {
      return opts.Has(key) && opts.Get(key).IsBoolean() && opts.Get(key).As<Napi::Boolean>().Value();
    };
    if (number("rcvbufBytes") > 0 && SetBuffer(fd_, SO_RCVBUFFORCE, SO_RCVBUF, number("rcvbufBytes")) != 0)
      Fail(env, "setsockopt(SO_RCVBUF)");
    if (number("sndbufBytes") > 0 && SetBuffer(fd_, SO_SNDBUFFORCE, SO_SNDBUF, number("sndbufBytes")) != 0)
      Fail(env, "setsockopt(SO_SNDBUF)");
    const struct {
      const char* key;
      int opt;
    } flags[] = {{"extAck", NETLINK_EXT_ACK}, {"capAck", NETLINK_CAP_ACK}, {"strictCheck", NETLINK_GET_STRICT_CHK}};
    for (const auto& f : flags) {
      int one = 1;
      if (flag(f.key) && setsockopt(fd_, SOL_NETLINK, f.opt, &one, sizeof one) != 0)
        Fail(env, std::string("setsockopt(") + f.key + ")");
    }
  }

  [[noreturn]] void Fail(Napi::Env env, const std::string& op, int err = 0) {
    if (err == 0) err = errno;
    Shutdown();
    throw ErrnoError(env, op, err);
  }

  Napi::Value Send(const Napi::CallbackInfo& info) {
    Napi::Env env = info.Env();
    if (fd_ < 0) throw ErrnoError(env, "sendmsg", EBADF);
    if (info.Length() < 1 || !info[0].IsBuffer()) throw Napi::TypeError::New(env, "send(buffer) expected");
    Napi::Buffer<uint8_t> buf = info[0].As<Napi::Buffer<uint8_t>>();
    sockaddr_nl kernel{};
    kernel.nl_family = AF_NETLINK;
    iovec iov{buf.Data(), buf.Length()};
    msghdr msg{};
    msg.msg_name = &kernel;
    msg.msg_namelen = sizeof kernel;
    msg.msg_iov = &iov;
    msg.msg_iovlen = 1;
    ssize_t n;
    do n = sendmsg(fd_, &msg, 0);
    while (n < 0 && errno == EINTR);
    if (n < 0) throw ErrnoError(env, "sendmsg", errno);
    return Napi::Number::New(env, static_cast<double>(n));
  }

  Napi::Value Membership(const Napi::CallbackInfo& info, int opt, const char* name) {
    Napi::Env env = info.Env();
    if (fd_ < 0) throw ErrnoError(env, name, EBADF);
    int group = info[0].As<Napi::Number>().Int32Value();
    if (setsockopt(fd_, SOL_NETLINK, opt, &group, sizeof group) != 0) throw ErrnoError(env, name, errno);
    return env.Undefined();
  }
  Napi::Value AddMembership(const Napi::CallbackInfo& info) {
    return Membership(info, NETLINK_ADD_MEMBERSHIP, "setsockopt(NETLINK_ADD_MEMBERSHIP)");
  }
  Napi::Value DropMembership(const Napi::CallbackInfo& info) {
    return Membership(info, NETLINK_DROP_MEMBERSHIP, "setsockopt(NETLINK_DROP_MEMBERSHIP)");
  }

  // setRef(false): a socket that only listens for events need not keep the process alive.
  Napi::Value SetRef(const Napi::CallbackInfo& info) {
    if (box_ != nullptr) {
      auto* handle = reinterpret_cast<uv_handle_t*>(&box_->poll);
      if (info[0].ToBoolean().Value()) uv_ref(handle);
      else uv_unref(handle);
    }
    return info.Env().Undefined();
  }

  Napi::Value Close(const Napi::CallbackInfo& info) {
    bool was_open = fd_ >= 0;
    Shutdown();
    if (was_open) Unref();
    return info.Env().Undefined();
  }

  // The fd is closed in the handle's close callback: libuv must be done with it first.
  void Shutdown() {
    twill::ClosePolledFd(box_, fd_);
  }

  static void OnPoll(uv_poll_t* handle, int status, int /*events*/) {
    auto* self = static_cast<NetlinkSocket*>(handle->data);
    Napi::Env env = self->Env();
    Napi::HandleScope scope(env);
    // A pending socket error (sk_err, e.g. ENOBUFS) shows up as POLLERR, which libuv reports as
    // UV_EBADF and answers by stopping the handle. recvmsg() returns (and clears) the real error, so
    // drain, then watch again unless the socket is really broken.
    bool healthy = self->Drain(env);
    if (status < 0 && healthy && self->box_ != nullptr) {
      uv_poll_start(&self->box_->poll, UV_READABLE, &NetlinkSocket::OnPoll);
    }
  }

  // Returns false after an error other than ENOBUFS (the socket is then of no further use).
  bool Drain(Napi::Env env) {
    bool healthy = true;
    size_t used = 0;
    for (int flushes = 0; fd_ >= 0 && flushes < kMaxFlushesPerWakeup;) {
      if (scratch_.size() - used < kMaxDatagramBytes) {
        Deliver(env, used, 0);
        used = 0;
        flushes++;
        continue;
      }
      sockaddr_nl from{};
      iovec iov{scratch_.data() + used, kMaxDatagramBytes};
      msghdr msg{};
      msg.msg_name = &from;
      msg.msg_namelen = sizeof from;
      msg.msg_iov = &iov;
      msg.msg_iovlen = 1;
      ssize_t n = recvmsg(fd_, &msg, MSG_DONTWAIT);
      if (n < 0) {
        int err = errno;
        if (err == EINTR) continue;
        if (err == EAGAIN || err == EWOULDBLOCK) break;
        // ENOBUFS: the kernel dropped messages for us; the socket stays usable, the caller resyncs.
        if (used > 0) Deliver(env, used, 0);
        used = 0;
        Deliver(env, 0, err);
        if (err != ENOBUFS) {
          healthy = false;
          break;
        }
        flushes++;
        continue;
      }
      if (msg.msg_flags & MSG_TRUNC) {
        Deliver(env, used, 0);
        used = 0;
        Deliver(env, 0, EMSGSIZE);
        continue;
      }
      // Only the kernel (port 0) may talk to us; a local process could otherwise forge replies.
      if (from.nl_pid != 0) continue;
      used += static_cast<size_t>(n);
    }
    if (used > 0 && fd_ >= 0) Deliver(env, used, 0);
    return healthy;
  }

  // Calls onData(buffer, 0) or onData(null, errno). MakeCallback runs the microtasks queued by the
  // callback (promise reactions of resolved requests) before returning to libuv.
  void Deliver(Napi::Env env, size_t used, int err) {
    if (fd_ < 0 || (used == 0 && err == 0)) return;
    Napi::Value data = err != 0 ? env.Null() : Napi::Buffer<uint8_t>::Copy(env, scratch_.data(), used).As<Napi::Value>();
    try {
      on_data_.MakeCallback(Value(), {data, Napi::Number::New(env, err)}, *context_);
    } catch (const Napi::Error& e) {
      napi_fatal_exception(env, e.Value());
    }
  }

  int fd_ = -1;
  PollBox* box_ = nullptr;
  Napi::FunctionReference on_data_;
  std::unique_ptr<Napi::AsyncContext> context_;
  std::vector<uint8_t> scratch_;
};

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("NetlinkSocket", NetlinkSocket::Define(env));
  return exports;
}

}  // namespace

NODE_API_MODULE(twill_netlink, Init)
