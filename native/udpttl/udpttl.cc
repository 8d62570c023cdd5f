// A receive-only UDP socket that reports each datagram's TTL (IPv4, IP_RECVTTL) or Hop Limit (IPv6,
// IPV6_RECVHOPLIMIT), which Node's dgram cannot: BFD single-hop (RFC 5881 §5) must drop packets that
// did not arrive with 255. Bound to the wildcard address on one port, non-blocking, watched with
// libuv uv_poll; each datagram goes to JS as onDatagram(buffer, address, port, ttl).
#include <napi.h>
#include <uv.h>

#include "twill-fd-poll.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <memory>
#include <string>

namespace {

using twill::ErrnoError;
using twill::PollBox;

constexpr size_t kMaxDatagramBytes = 2048;  // BFD packets are at most a few dozen bytes
constexpr int kMaxPerWakeup = 64;



class UdpTtlSocket : public Napi::ObjectWrap<UdpTtlSocket> {
 public:
  static Napi::Function Define(Napi::Env env) {
    return DefineClass(env, "UdpTtlSocket", {InstanceMethod("close", &UdpTtlSocket::Close)});
  }

  // new UdpTtlSocket(family 4|6, port, onDatagram(buffer, address, port, ttl))
  explicit UdpTtlSocket(const Napi::CallbackInfo& info) : Napi::ObjectWrap<UdpTtlSocket>(info) {
    Napi::Env env = info.Env();
    if (info.Length() < 3 || !info[0].IsNumber() || !info[1].IsNumber() || !info[2].IsFunction())
      throw Napi::TypeError::New(env, "UdpTtlSocket(family, port, onDatagram) expected");
    v6_ = info[0].As<Napi::Number>().Int32Value() == 6;
    int port = info[1].As<Napi::Number>().Int32Value();
    fd_ = socket(v6_ ? AF_INET6 : AF_INET, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd_ < 0) throw ErrnoError(env, "socket", errno);
    int one = 1;
    if (v6_) {
      if (setsockopt(fd_, IPPROTO_IPV6, IPV6_V6ONLY, &one, sizeof one) != 0) Fail(env, "setsockopt(IPV6_V6ONLY)");
      if (setsockopt(fd_, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &one, sizeof one) != 0)
        Fail(env, "setsockopt(IPV6_RECVHOPLIMIT)");
      sockaddr_in6 a{};
      a.sin6_family = AF_INET6;
      a.sin6_port = htons(static_cast<uint16_t>(port));
      a.sin6_addr = in6addr_any;
      if (bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) Fail(env, "bind");
    } else {
      if (setsockopt(fd_, IPPROTO_IP, IP_RECVTTL, &one, sizeof one) != 0) Fail(env, "setsockopt(IP_RECVTTL)");
      sockaddr_in a{};
      a.sin_family = AF_INET;
      a.sin_port = htons(static_cast<uint16_t>(port));
      a.sin_addr.s_addr = htonl(INADDR_ANY);
      if (bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) Fail(env, "bind");
    }
    on_datagram_ = Napi::Persistent(info[2].As<Napi::Function>());
    context_ = std::make_unique<Napi::AsyncContext>(env, "TwillUdpTtlSocket");
    int uv_error = 0;
    box_ = twill::StartReadPoll(env, fd_, this, &UdpTtlSocket::OnPoll, &uv_error);
    if (box_ == nullptr) Fail(env, "uv_poll", -uv_error);
    Ref();  // not collected while libuv can call into it
  }

  ~UdpTtlSocket() override { Shutdown(); }

 private:
  [[noreturn]] void Fail(Napi::Env env, const std::string& op, int err = 0) {
    if (err == 0) err = errno;
    Shutdown();
    throw ErrnoError(env, op, err);
  }

  Napi::Value Close(const Napi::CallbackInfo& info) {
    bool was_open = fd_ >= 0;
    Shutdown();
    if (was_open) Unref();
    return info.Env().Undefined();
  }

  void Shutdown() {
    twill::ClosePolledFd(box_, fd_);
  }

  static void OnPoll(uv_poll_t* handle, int status, int /*events*/) {
    auto* self = static_cast<UdpTtlSocket*>(handle->data);
    Napi::Env env = self->Env();
    Napi::HandleScope scope(env);
    self->Drain(env);
    // POLLERR (an ICMP error queued on the socket) stops the handle: recvmsg cleared it, watch again.
    if (status < 0 && self->box_ != nullptr) uv_poll_start(&self->box_->poll, UV_READABLE, &UdpTtlSocket::OnPoll);
  }

  void Drain(Napi::Env env) {
    for (int i = 0; fd_ >= 0 && i < kMaxPerWakeup; i++) {
      uint8_t data[kMaxDatagramBytes];
      sockaddr_storage from{};
      alignas(cmsghdr) uint8_t control[CMSG_SPACE(sizeof(int)) * 2];
      iovec iov{data, sizeof data};
      msghdr msg{};
      msg.msg_name = &from;
      msg.msg_namelen = sizeof from;
      msg.msg_iov = &iov;
      msg.msg_iovlen = 1;
      msg.msg_control = control;
      msg.msg_controllen = sizeof control;
      ssize_t n = recvmsg(fd_, &msg, MSG_DONTWAIT);
      if (n < 0) {
        if (errno == EINTR) continue;
        if (errno == EAGAIN || errno == EWOULDBLOCK) return;
        continue;  // ECONNREFUSED and friends from ICMP: not about the next datagram
      }
      if (msg.msg_flags & MSG_TRUNC) continue;
      int ttl = -1;
      for (cmsghdr* c = CMSG_FIRSTHDR(&msg); c != nullptr; c = CMSG_NXTHDR(&msg, c)) {
        if ((c->cmsg_level == IPPROTO_IP && c->cmsg_type == IP_TTL) ||
            (c->cmsg_level == IPPROTO_IPV6 && c->cmsg_type == IPV6_HOPLIMIT)) {
          memcpy(&ttl, CMSG_DATA(c), sizeof ttl);
        }
      }
      char text[INET6_ADDRSTRLEN] = {0};
      int port = 0;
      if (from.ss_family == AF_INET6) {
        auto* a = reinterpret_cast<sockaddr_in6*>(&from);
        inet_ntop(AF_INET6, &a->sin6_addr, text, sizeof text);
        port = ntohs(a->sin6_port);
      } else {
        auto* a = reinterpret_cast<sockaddr_in*>(&from);
        inet_ntop(AF_INET, &a->sin_addr, text, sizeof text);
        port = ntohs(a->sin_port);
      }
      try {
        on_datagram_.MakeCallback(Value(),
                                  {Napi::Buffer<uint8_t>::Copy(env, data, static_cast<size_t>(n)),
                                   Napi::String::New(env, text), Napi::Number::New(env, port),
                                   Napi::Number::New(env, ttl)},
                                  *context_);
      } catch (const Napi::Error& e) {
        napi_fatal_exception(env, e.Value());
      }
    }
  }

  bool v6_ = false;
  int fd_ = -1;
  PollBox* box_ = nullptr;
  Napi::FunctionReference on_datagram_;
  std::unique_ptr<Napi::AsyncContext> context_;
};

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("UdpTtlSocket", UdpTtlSocket::Define(env));
  return exports;
}

}  // namespace

NODE_API_MODULE(twill_udpttl, Init)
