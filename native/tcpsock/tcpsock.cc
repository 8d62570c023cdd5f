// TCP socket options Node does not expose, set on a socket's fd: TCP MD5 signatures (RFC 2385,
// TCP_MD5SIG/TCP_MD5SIG_EXT), the TTL / hop limit of sent packets (multihop eBGP) and the minimum TTL
// of received ones (GTSM, RFC 5082: IP_MINTTL / IPV6_MINHOPCOUNT). It also creates an unconnected
// non-blocking TCP socket, so the caller can set the MD5 key *before* connect() (the SYN must already
// be signed) and hand the fd to Node's net.Socket, which then connects it.
#include <napi.h>

#include <arpa/inet.h>
#include <errno.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include <string>

#ifndef IPV6_MINHOPCOUNT
#define IPV6_MINHOPCOUNT 73
#endif
#ifndef IP_MINTTL
#define IP_MINTTL 21
#endif

namespace {

Napi::Error ErrnoError(Napi::Env env, const std::string& op, int err) {
  Napi::Error e = Napi::Error::New(env, op + ": " + strerror(err));
  e.Set("errno", Napi::Number::New(env, err));
  e.Set("syscall", Napi::String::New(env, op));
  return e;
}

int Domain(Napi::Env env, int fd) {
  int domain = 0;
  socklen_t len = sizeof domain;
  if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &domain, &len) != 0)
    throw ErrnoError(env, "getsockopt(SO_DOMAIN)", errno);
  return domain;
}

int FdArg(const Napi::CallbackInfo& info) {
  if (info.Length() < 1 || !info[0].IsNumber()) throw Napi::TypeError::New(info.Env(), "fd must be a number");
  return info[0].As<Napi::Number>().Int32Value();
}

// socket(family): 4 or 6; returns a non-blocking, close-on-exec, unconnected TCP socket's fd.
Napi::Value Socket(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int family = info[0].As<Napi::Number>().Int32Value() == 6 ? AF_INET6 : AF_INET;
  int fd = socket(family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, IPPROTO_TCP);
  if (fd < 0) throw ErrnoError(env, "socket", errno);
  return Napi::Number::New(env, fd);
}

Napi::Value Close(const Napi::CallbackInfo& info) {
  close(FdArg(info));
  return info.Env().Undefined();
}

// setMd5Key(fd, address, prefixLength, key): prefixLength -1 means the single address. An empty key
// deletes the entry (the kernel's rule for tcpm_keylen 0). On an AF_INET6 socket an IPv4 peer is given
// as a v4-mapped address, which the kernel stores as an IPv4 key.
Napi::Value SetMd5Key(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int fd = FdArg(info);
  std::string address = info[1].As<Napi::String>().Utf8Value();
  int prefix = info[2].As<Napi::Number>().Int32Value();
  Napi::Buffer<uint8_t> key = info[3].As<Napi::Buffer<uint8_t>>();
  if (key.Length() > TCP_MD5SIG_MAXKEYLEN)
    throw Napi::RangeError::New(env, "MD5 key longer than 80 octets");
  int domain = Domain(env, fd);

  struct tcp_md5sig sig;
  memset(&sig, 0, sizeof sig);
  in_addr v4;
  in6_addr v6;
  if (inet_pton(AF_INET, address.c_str(), &v4) == 1) {
    if (domain == AF_INET) {
      auto* sin = reinterpret_cast<sockaddr_in*>(&sig.tcpm_addr);
      sin->sin_family = AF_INET;
      sin->sin_addr = v4;
    } else {
      auto* sin6 = reinterpret_cast<sockaddr_in6*>(&sig.tcpm_addr);
      sin6->sin6_family = AF_INET6;
      sin6->sin6_addr.s6_addr[10] = 0xff;
      sin6->sin6_addr.s6_addr[11] = 0xff;
      memcpy(&sin6->sin6_addr.s6_addr[12], &v4, 4);
      if (prefix >= 0) prefix += 96;
    }
  } else if (inet_pton(AF_INET6, address.c_str(), &v6) == 1) {
    if (domain != AF_INET6) throw ErrnoError(env, "setsockopt(TCP_MD5SIG) IPv6 peer on IPv4 socket", EAFNOSUPPORT);
    auto* sin6 = reinterpret_cast<sockaddr_in6*>(&sig.tcpm_addr);
    sin6->sin6_family = AF_INET6;
    sin6->sin6_addr = v6;
  } else {
    throw Napi::TypeError::New(env, "not an IP address: " + address);
  }
  sig.tcpm_keylen = static_cast<uint16_t>(key.Length());
  memcpy(sig.tcpm_key, key.Data(), key.Length());
  int opt = TCP_MD5SIG;
  if (prefix >= 0) {
    opt = TCP_MD5SIG_EXT;
    sig.tcpm_flags = TCP_MD5SIG_FLAG_PREFIX;
    sig.tcpm_prefixlen = static_cast<uint8_t>(prefix);
  }
  if (setsockopt(fd, IPPROTO_TCP, opt, &sig, sizeof sig) != 0) {
    // Deleting a key that is not there is not an error for us.
    if (key.Length() == 0 && errno == ENOENT) return env.Undefined();
    throw ErrnoError(env, opt == TCP_MD5SIG ? "setsockopt(TCP_MD5SIG)" : "setsockopt(TCP_MD5SIG_EXT)", errno);
  }
  return env.Undefined();
}

// Sets an IP-level integer option; on an AF_INET6 socket the IPv6 one, and the IPv4 one too for
// v4-mapped peers (which may fail on an IPv6-only socket: ignored).
void SetIpOpt(Napi::Env env, int fd, int v4opt, int v6opt, int value, const char* name) {
  if (Domain(env, fd) == AF_INET6) {
    if (setsockopt(fd, IPPROTO_IPV6, v6opt, &value, sizeof value) != 0)
      throw ErrnoError(env, std::string("setsockopt(") + name + ")", errno);
    setsockopt(fd, IPPROTO_IP, v4opt, &value, sizeof value);
    return;
  }
  if (setsockopt(fd, IPPROTO_IP, v4opt, &value, sizeof value) != 0)
    throw ErrnoError(env, std::string("setsockopt(") + name + ")", errno);
}

// setTtl(fd, ttl): TTL / hop limit of every packet this socket sends (1..255).
Napi::Value SetTtl(const Napi::CallbackInfo& info) {
  SetIpOpt(info.Env(), FdArg(info), IP_TTL, IPV6_UNICAST_HOPS, info[1].As<Napi::Number>().Int32Value(),
           "IP_TTL");
  return info.Env().Undefined();
}

// setMinTtl(fd, ttl): the kernel drops received packets with a smaller TTL / hop limit (0 = off).
Napi::Value SetMinTtl(const Napi::CallbackInfo& info) {
  SetIpOpt(info.Env(), FdArg(info), IP_MINTTL, IPV6_MINHOPCOUNT, info[1].As<Napi::Number>().Int32Value(),
           "IP_MINTTL");
  return info.Env().Undefined();
}

// setSaveSyn(fd, on): a listener keeps each connection's SYN (IP + TCP headers) for TCP_SAVED_SYN, so
// the TTL the SYN arrived with can be checked after accept (GTSM, RFC 5082 §3) before anything is read.
Napi::Value SetSaveSyn(const Napi::CallbackInfo& info) {
  int on = info[1].As<Napi::Boolean>().Value() ? 1 : 0;
  if (setsockopt(FdArg(info), IPPROTO_TCP, TCP_SAVE_SYN, &on, sizeof on) != 0)
    throw ErrnoError(info.Env(), "setsockopt(TCP_SAVE_SYN)", errno);
  return info.Env().Undefined();
}

// savedSynTtl(fd): the TTL (IPv4) or Hop Limit (IPv6) of the SYN that opened this accepted connection,
// from TCP_SAVED_SYN; -1 when the kernel kept no SYN (the listener had no TCP_SAVE_SYN, or it was read
// already: the kernel hands it out once). The IP version is the header's own (a v4-mapped peer on an
// IPv6 listener has an IPv4 header).
Napi::Value SavedSynTtl(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  uint8_t syn[512];
  socklen_t len = sizeof syn;
  if (getsockopt(FdArg(info), IPPROTO_TCP, TCP_SAVED_SYN, syn, &len) != 0) {
    if (errno == ENOENT) return Napi::Number::New(env, -1);
    throw ErrnoError(env, "getsockopt(TCP_SAVED_SYN)", errno);
  }
  if (len == 0) return Napi::Number::New(env, -1);
  int version = syn[0] >> 4;
  if (version == 4 && len >= 20) return Napi::Number::New(env, syn[8]);  // RFC 791: TTL at octet 8
  if (version == 6 && len >= 40) return Napi::Number::New(env, syn[7]);  // RFC 8200: Hop Limit at octet 7
  throw ErrnoError(env, "getsockopt(TCP_SAVED_SYN) unexpected header", EPROTO);
}

// getIntOpt(fd, level, option) for tests: reads back what the kernel holds.
Napi::Value GetIntOpt(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  int value = 0;
  socklen_t len = sizeof value;
  if (getsockopt(FdArg(info), info[1].As<Napi::Number>().Int32Value(), info[2].As<Napi::Number>().Int32Value(),
                 &value, &len) != 0)
    throw ErrnoError(env, "getsockopt", errno);
  return Napi::Number::New(env, value);
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("socket", Napi::Function::New(env, Socket));
  exports.Set("close", Napi::Function::New(env, Close));
  exports.Set("setMd5Key", Napi::Function::New(env, SetMd5Key));
  exports.Set("setTtl", Napi::Function::New(env, SetTtl));
  exports.Set("setMinTtl", Napi::Function::New(env, SetMinTtl));
  exports.Set("setSaveSyn", Napi::Function::New(env, SetSaveSyn));
  exports.Set("savedSynTtl", Napi::Function::New(env, SavedSynTtl));
  exports.Set("getIntOpt", Napi::Function::New(env, GetIntOpt));
  return exports;
}

}  // namespace

NODE_API_MODULE(twill_tcpsock, Init)
