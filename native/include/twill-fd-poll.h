// Shared by the addons that watch a non-blocking file descriptor from libuv (netlink, udpttl):
// errno errors as JS errors, and the uv_poll handle that owns the descriptor. The handle lives in a
// heap box because libuv still touches it after uv_close returns; the descriptor is closed in the close
// callback, when libuv is done with it (closing earlier lets a reused fd number be polled by mistake).
#pragma once

#include <napi.h>
#include <uv.h>

#include <string.h>
#include <unistd.h>

#include <string>

namespace twill {

inline Napi::Error ErrnoError(Napi::Env env, const std::string& op, int err) {
  Napi::Error e = Napi::Error::New(env, op + ": " + strerror(err));
  e.Set("errno", Napi::Number::New(env, err));
  e.Set("syscall", Napi::String::New(env, op));
  return e;
}

struct PollBox {
  uv_poll_t poll;
  int fd;
};

// Starts watching fd for readability with on_poll (handle->data = data). Returns the box, or nullptr
// with *uv_error set (a negative libuv code); the fd is left open for the caller to close.
inline PollBox* StartReadPoll(Napi::Env env, int fd, void* data, uv_poll_cb on_poll, int* uv_error) {
  uv_loop_t* loop = nullptr;
  if (napi_get_uv_event_loop(env, &loop) != napi_ok) {
    *uv_error = UV_EINVAL;
    return nullptr;
  }
  auto* box = new PollBox{};
  box->fd = fd;
  box->poll.data = data;
  int rc = uv_poll_init(loop, &box->poll, fd);
  if (rc == 0) rc = uv_poll_start(&box->poll, UV_READABLE, on_poll);
  if (rc != 0) {
    delete box;
    *uv_error = rc;
    return nullptr;
  }
  return box;
}

// Stops and closes the poll handle (the fd is closed once libuv lets go of it), or closes a bare fd
// that never got a handle. Leaves box == nullptr and fd == -1.
inline void ClosePolledFd(PollBox*& box, int& fd) {
  if (box != nullptr) {
    uv_poll_stop(&box->poll);
    uv_close(reinterpret_cast<uv_handle_t*>(&box->poll), [](uv_handle_t* h) {
      PollBox* closing = reinterpret_cast<PollBox*>(h);
      close(closing->fd);
      delete closing;
    });
    box = nullptr;
  } else if (fd >= 0) {
    close(fd);
  }
  fd = -1;
}

}  // namespace twill
