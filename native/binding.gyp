{
  "targets": [
    {
      "target_name": "convgrade_native",
      "sources": ["src/addon.cc", "src/conv.cc", "src/trainer.cc", "src/trainer-addon.cc"],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")", "/usr/include/x86_64-linux-gnu/openblas-pthread", "/usr/include/openblas"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS"],
      "cflags_cc": ["-O3", "-std=c++17", "-fno-exceptions"],
      "libraries": ["-lopenblas"]
    }
  ]
}
