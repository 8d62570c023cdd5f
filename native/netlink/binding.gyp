{
  "targets": [
    {
      "target_name": "twill_netlink",
      "sources": ["netlink.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")", "../include"],
      "defines": ["NAPI_VERSION=8", "NAPI_CPP_EXCEPTIONS"],
      "cflags_cc": ["-std=c++17", "-fexceptions", "-Wall", "-Wextra"],
      "cflags_cc!": ["-fno-exceptions"]
    }
  ]
}
