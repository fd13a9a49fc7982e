{
  "targets": [
    {
      "target_name": "rnnlab_native",
      "sources": ["native/addon.cc", "native/rnn_kernels.cc", "native/team.cc", "native/blas.cc", "native/train_ops.cc"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS"],
      "include_dirs": ["/usr/include/x86_64-linux-gnu"],
      "libraries": ["-ldl", "-pthread"],
      "cflags!": ["-fno-exceptions"],
      "cflags_cc!": ["-fno-exceptions", "-fno-rtti"],
      "cflags": ["-O3", "-fno-trapping-math", "-fno-math-errno", "-Wall", "-Wextra", "-Wno-unused-parameter"],
      "cflags_cc": ["-std=gnu++17", "-fexceptions", "-O3", "-fno-trapping-math", "-fno-math-errno"],
      "conditions": [
        ["OS=='mac'", {
          "xcode_settings": {
            "GCC_ENABLE_CPP_EXCEPTIONS": "YES",
            "OTHER_CFLAGS": ["-O3", "-fno-trapping-math", "-fno-math-errno"]
          }
        }]
      ]
    }
  ]
}
