// libnftables for Node: run one batch (nft text or JSON commands) as one kernel transaction, off the JS
// thread, optionally inside another network namespace, and hand back libnftables' output buffer (JSON
// listings) and error buffer (which names the failing command). The batch semantics are libnftables':
// every command of one nft_run_cmd_from_buffer call goes to the kernel in one netlink batch, which the
// kernel commits whole or not at all.
#include <napi.h>

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/netfilter/nf_tables.h>
#include <linux/netfilter/nfnetlink.h>
#include <linux/netlink.h>
#include <nftables/libnftables.h>
#include <sys/socket.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <mutex>
#include <string>

namespace {

// libnftables keeps some process-wide state (its parser's and the gmp allocator's globals); one batch
// at a time is also what the kernel would serialize anyway (the nfnetlink commit mutex).
std::mutex g_nft_mutex;

struct RunResult {
  int rc = 0;
  std::string output;
  std::string error;
  // Set when the namespace switch itself failed: the batch never ran.
  int setns_errno = 0;
  std::string setns_op;
};

// Runs `fn` inside the network namespace at `netns_path` (or the thread's own when empty), on a libuv
// pool thread. setns() changes only this thread's namespace; we switch back before the thread returns
// to the pool, so no other work item ever runs in the wrong namespace. If switching back fails the pool
// thread would stay in the wrong namespace for good, which is worse than dying: abort. Netlink sockets
// are opened inside `fn`, so they belong to the target namespace.
template <typename Fn>
void InNetns(const std::string& netns_path, RunResult* out, Fn fn) {
  int self = -1;
  int target = -1;
  if (!netns_path.empty()) {
    self = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
    if (self < 0) {
      out->setns_errno = errno;
      out->setns_op = "open(/proc/thread-self/ns/net)";
      return;
    }
    target = open(netns_path.c_str(), O_RDONLY | O_CLOEXEC);
    if (target < 0) {
      out->setns_errno = errno;
      out->setns_op = "open(" + netns_path + ")";
      close(self);
      return;
    }
    if (setns(target, CLONE_NEWNET) != 0) {
      out->setns_errno = errno;
      out->setns_op = "setns(" + netns_path + ")";
      close(target);
      close(self);
      return;
    }
  }
  fn();
  if (self >= 0) {
    if (setns(self, CLONE_NEWNET) != 0) abort();
    close(target);
    close(self);
  }
}

// The nft context is created and freed inside the namespace because its netlink socket is opened there.
void RunBatch(const std::string& netns_path, const std::string& batch, bool json, bool dry_run,
              RunResult* out) {
  std::lock_guard<std::mutex> lock(g_nft_mutex);
  InNetns(netns_path, out, [&] {
    struct nft_ctx* ctx = nft_ctx_new(NFT_CTX_DEFAULT);
    if (ctx == nullptr) {
      out->rc = -1;
      out->error = "nft_ctx_new failed";
    } else {
      // With the JSON output flag, libnftables 1.0.x also parses the input as JSON (and falls back to
      // the text parser when it is not JSON), so the flag serves both directions.
      if (json) nft_ctx_output_set_flags(ctx, NFT_CTX_OUTPUT_JSON);
      nft_ctx_set_dry_run(ctx, dry_run);
      nft_ctx_buffer_output(ctx);
      nft_ctx_buffer_error(ctx);
      out->rc = nft_run_cmd_from_buffer(ctx, batch.c_str());
      const char* o = nft_ctx_get_output_buffer(ctx);
      const char* e = nft_ctx_get_error_buffer(ctx);
      if (o != nullptr) out->output = o;
      if (e != nullptr) out->error = e;
      nft_ctx_free(ctx);
    }
  });
}

// NFT_MSG_GETGEN: the namespace's nftables ruleset generation, which every committed transaction (of
// any program, on any table) increments by one. rc 0 and the id in `output`, or rc = -errno.
void GetGeneration(const std::string& netns_path, RunResult* out) {
  InNetns(netns_path, out, [&] {
    int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_NETFILTER);
    if (fd < 0) {
      out->rc = -errno;
      return;
    }
    struct {
      struct nlmsghdr nlh;
      struct nfgenmsg nfg;
    } req;
    memset(&req, 0, sizeof(req));
    req.nlh.nlmsg_len = sizeof(req);
    req.nlh.nlmsg_type = (NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_GETGEN;
    req.nlh.nlmsg_flags = NLM_F_REQUEST;
    req.nlh.nlmsg_seq = 1;
    req.nfg.nfgen_family = AF_UNSPEC;
    req.nfg.version = NFNETLINK_V0;
    struct sockaddr_nl kernel;
    memset(&kernel, 0, sizeof(kernel));
    kernel.nl_family = AF_NETLINK;
    char buf[8192];
    ssize_t n = -1;
    if (sendto(fd, &req, sizeof(req), 0, reinterpret_cast<sockaddr*>(&kernel), sizeof(kernel)) >= 0)
      n = recv(fd, buf, sizeof(buf), 0);
    if (n < 0) {
      out->rc = -errno;
      close(fd);
      return;
    }
    close(fd);
    out->rc = -EPROTO;
    for (auto* h = reinterpret_cast<struct nlmsghdr*>(buf); NLMSG_OK(h, n); h = NLMSG_NEXT(h, n)) {
      if (h->nlmsg_type == NLMSG_ERROR) {
        auto* e = static_cast<struct nlmsgerr*>(NLMSG_DATA(h));
        out->rc = e->error != 0 ? e->error : -EPROTO;
        return;
      }
      if (h->nlmsg_type != ((NFNL_SUBSYS_NFTABLES << 8) | NFT_MSG_NEWGEN)) continue;
      int len = h->nlmsg_len - NLMSG_SPACE(sizeof(struct nfgenmsg));
      auto* a = reinterpret_cast<struct nlattr*>(static_cast<char*>(NLMSG_DATA(h)) +
                                                 NLMSG_ALIGN(sizeof(struct nfgenmsg)));
      while (len >= static_cast<int>(sizeof(*a)) && a->nla_len >= sizeof(*a) && a->nla_len <= len) {
        if ((a->nla_type & NLA_TYPE_MASK) == NFTA_GEN_ID && a->nla_len >= NLA_HDRLEN + 4) {
          uint32_t id;
          memcpy(&id, reinterpret_cast<char*>(a) + NLA_HDRLEN, 4);
          out->output = std::to_string(ntohl(id));
          out->rc = 0;
          return;
        }
        len -= NLA_ALIGN(a->nla_len);
        a = reinterpret_cast<struct nlattr*>(reinterpret_cast<char*>(a) + NLA_ALIGN(a->nla_len));
      }
    }
  });
}

class RunWorker : public Napi::AsyncWorker {
 public:
  RunWorker(Napi::Env env, std::string netns_path, std::string batch, bool json, bool dry_run,
            bool generation = false)
      : Napi::AsyncWorker(env, "TwillNftRun"),
        generation_(generation),
        deferred_(Napi::Promise::Deferred::New(env)),
        netns_path_(std::move(netns_path)),
        batch_(std::move(batch)),
        json_(json),
        dry_run_(dry_run) {}

  Napi::Promise Promise() { return deferred_.Promise(); }

  void Execute() override {
    if (generation_)
      GetGeneration(netns_path_, &result_);
    else
      RunBatch(netns_path_, batch_, json_, dry_run_, &result_);
  }

  // Resolves with { rc, output, error } or, when the namespace switch failed, rejects with an errno
  // error: a failing batch is a normal answer (the wrapper turns it into a typed error with the text).
  void OnOK() override {
    Napi::Env env = Env();
    if (result_.setns_errno != 0) {
      Napi::Error e = Napi::Error::New(env, result_.setns_op + ": " + strerror(result_.setns_errno));
      e.Set("errno", Napi::Number::New(env, result_.setns_errno));
      e.Set("syscall", Napi::String::New(env, result_.setns_op));
      deferred_.Reject(e.Value());
      return;
    }
    Napi::Object r = Napi::Object::New(env);
    r.Set("rc", Napi::Number::New(env, result_.rc));
    r.Set("output", Napi::String::New(env, result_.output));
    r.Set("error", Napi::String::New(env, result_.error));
    deferred_.Resolve(r);
  }

  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  bool generation_;
  Napi::Promise::Deferred deferred_;
  std::string netns_path_;
  std::string batch_;
  bool json_;
  bool dry_run_;
  RunResult result_;
};

// run(batch: string, options: { netnsPath?: string, json?: boolean, dryRun?: boolean }): Promise<...>
Napi::Value Run(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 1 || !info[0].IsString()) throw Napi::TypeError::New(env, "run(batch, options?) expected");
  std::string netns_path;
  bool json = false;
  bool dry_run = false;
  if (info.Length() >= 2 && info[1].IsObject()) {
    Napi::Object opts = info[1].As<Napi::Object>();
    if (opts.Has("netnsPath") && opts.Get("netnsPath").IsString())
      netns_path = opts.Get("netnsPath").As<Napi::String>().Utf8Value();
    if (opts.Has("json")) json = opts.Get("json").ToBoolean().Value();
    if (opts.Has("dryRun")) dry_run = opts.Get("dryRun").ToBoolean().Value();
  }
  auto* worker = new RunWorker(env, netns_path, info[0].As<Napi::String>().Utf8Value(), json, dry_run);
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

// generation(options: { netnsPath?: string }): Promise<{ rc, output: the id as decimal text, error }>
Napi::Value Generation(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  std::string netns_path;
  if (info.Length() >= 1 && info[0].IsObject()) {
    Napi::Object opts = info[0].As<Napi::Object>();
    if (opts.Has("netnsPath") && opts.Get("netnsPath").IsString())
      netns_path = opts.Get("netnsPath").As<Napi::String>().Utf8Value();
  }
  auto* worker = new RunWorker(env, netns_path, "", false, false, true);
  Napi::Promise promise = worker->Promise();
  worker->Queue();
  return promise;
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("run", Napi::Function::New(env, Run, "run"));
  exports.Set("generation", Napi::Function::New(env, Generation, "generation"));
  return exports;
}

}  // namespace

NODE_API_MODULE(twill_nftables, Init)
