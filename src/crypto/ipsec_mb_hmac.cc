// Copyright 2026 The jwtv Authors.
//
// The only file that includes intel-ipsec-mb.h (whose compatibility macros
// clash with the crypto backend's names unless NO_COMPAT_IMB_API_053 is
// set). The managers are per thread: an IMB_MGR holds the lanes' jobs in
// flight and is not safe to share. Every call drains its manager, so a
// manager carries nothing from one call to the next.
//
// ipsec-mb's kernels are assembly, outside AddressSanitizer's view: in an
// ASan build every range handed to them is checked here first, so a bad
// message or tag pointer still fails the build's tests as it would in C++.

#include "crypto/ipsec_mb_hmac.h"

#include <cstdio>
#include <cstdlib>

#ifdef JWTV_HAVE_IPSEC_MB
#define NO_COMPAT_IMB_API_053 1
#include <intel-ipsec-mb.h>
#endif

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define JWTV_ASAN 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define JWTV_ASAN 1
#endif
#ifdef JWTV_ASAN
#include <sanitizer/asan_interface.h>
#endif

namespace jwtv::internal {

#ifdef JWTV_HAVE_IPSEC_MB

namespace {

#ifdef JWTV_ASAN
// Aborts with ASan's report when [p, p + n) is not all addressable.
void CheckRange(const void* p, size_t n) {
  if (n == 0) return;
  if (void* bad = __asan_region_is_poisoned(const_cast<void*>(p), n)) {
    std::fprintf(stderr, "ipsec-mb input out of bounds at %p\n", bad);
    __asan_describe_address(bad);
    std::abort();
  }
}
#else
inline void CheckRange(const void*, size_t) {}
#endif

bool CpuRuns(IpsecMbArch arch) {
  // __builtin_cpu_supports also checks that the OS saves the wide registers.
  if (arch == IpsecMbArch::kAvx2) {
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi2");
  }
  return __builtin_cpu_supports("avx512f") &&
         __builtin_cpu_supports("avx512dq") &&
         __builtin_cpu_supports("avx512cd") &&
         __builtin_cpu_supports("avx512bw") &&
         __builtin_cpu_supports("avx512vl");
}

// ipsec-mb's own detection agrees (it picks the kernels by it).
IMB_MGR* NewManager(IpsecMbArch arch) {
  // IMB_FLAG_SHANI_OFF: its AVX2 manager would otherwise hash SHA-256 with
  // SHA-NI two lanes at a time, which jwtv's own SHA-NI kernel already does.
  IMB_MGR* m = alloc_mb_mgr(IMB_FLAG_SHANI_OFF);
  if (m == nullptr) return nullptr;
  const uint64_t need =
      arch == IpsecMbArch::kAvx512 ? IMB_CPUFLAGS_AVX512 : IMB_CPUFLAGS_AVX2;
  if ((m->features & need) != need) {
    free_mb_mgr(m);
    return nullptr;
  }
  if (arch == IpsecMbArch::kAvx512) {
    init_mb_mgr_avx512(m);
  } else {
    init_mb_mgr_avx2(m);
  }
  if (imb_get_errno(m) != 0) {
    free_mb_mgr(m);
    return nullptr;
  }
  return m;
}

// This thread's managers, made at first use and freed at thread exit.
struct Managers {
  IMB_MGR* mgr[2] = {};
  bool tried[2] = {};
  Managers() = default;
  Managers(const Managers&) = delete;
  Managers& operator=(const Managers&) = delete;
  ~Managers() {
    for (IMB_MGR* m : mgr) {
      if (m != nullptr) free_mb_mgr(m);
    }
  }
  IMB_MGR* Get(IpsecMbArch arch) {
    const size_t i = static_cast<size_t>(arch);
    if (!tried[i]) {
      tried[i] = true;
      mgr[i] = NewManager(arch);
    }
    return mgr[i];
  }
};

thread_local Managers tls_managers;

const bool kRuns[2] = {CpuRuns(IpsecMbArch::kAvx512),
                       CpuRuns(IpsecMbArch::kAvx2)};

// Counts the job if it completed; false on any other status.
bool Collect(const IMB_JOB* job, size_t* done) {
  if (job->status != IMB_STATUS_COMPLETED) return false;
  ++*done;
  return true;
}

}  // namespace

bool IpsecMbAvailable(IpsecMbArch arch) {
  return kRuns[static_cast<size_t>(arch)];
}

size_t IpsecMbLanes(IpsecMbArch arch) {
  return arch == IpsecMbArch::kAvx512 ? 16 : 8;
}

bool IpsecMbHmacSha256(IpsecMbArch arch, const uint32_t inner[8],
                       const uint32_t outer[8],
                       const std::string_view* messages, uint8_t* const* tags,
                       size_t n) {
  if (n > kIpsecMbMaxMessages || !IpsecMbAvailable(arch)) return false;
  for (size_t i = 0; i < n; ++i) {
    if (messages[i].empty()) return false;
  }
  IMB_MGR* m = tls_managers.Get(arch);
  if (m == nullptr) return false;
  CheckRange(inner, 32);
  CheckRange(outer, 32);
  bool ok = true;
  size_t done = 0;
  for (size_t i = 0; i < n; ++i) {
    const std::string_view msg = messages[i];
    CheckRange(msg.data(), msg.size());
    CheckRange(tags[i], 32);
    IMB_JOB* job = IMB_GET_NEXT_JOB(m);
    job->cipher_mode = IMB_CIPHER_NULL;
    job->cipher_direction = IMB_DIR_ENCRYPT;
    job->chain_order = IMB_ORDER_HASH_CIPHER;
    job->hash_alg = IMB_AUTH_HMAC_SHA_256;
    job->src = reinterpret_cast<const uint8_t*>(msg.data());
    job->dst = nullptr;
    job->cipher_start_src_offset_in_bytes = 0;
    job->msg_len_to_cipher_in_bytes = 0;
    job->hash_start_src_offset_in_bytes = 0;
    job->msg_len_to_hash_in_bytes = msg.size();
    job->iv = nullptr;
    job->iv_len_in_bytes = 0;
    job->auth_tag_output = tags[i];
    job->auth_tag_output_len_in_bytes = 32;
    job->u.HMAC._hashed_auth_key_xor_ipad =
        reinterpret_cast<const uint8_t*>(inner);
    job->u.HMAC._hashed_auth_key_xor_opad =
        reinterpret_cast<const uint8_t*>(outer);
    for (IMB_JOB* d = IMB_SUBMIT_JOB(m); d != nullptr;
         d = IMB_GET_COMPLETED_JOB(m)) {
      ok = Collect(d, &done) && ok;
    }
  }
  for (IMB_JOB* d = IMB_FLUSH_JOB(m); d != nullptr; d = IMB_FLUSH_JOB(m)) {
    ok = Collect(d, &done) && ok;
  }
  return ok && done == n;
}

#else  // !JWTV_HAVE_IPSEC_MB

bool IpsecMbAvailable(IpsecMbArch) { return false; }

size_t IpsecMbLanes(IpsecMbArch arch) {
  return arch == IpsecMbArch::kAvx512 ? 16 : 8;
}

bool IpsecMbHmacSha256(IpsecMbArch, const uint32_t*, const uint32_t*,
                       const std::string_view*, uint8_t* const*, size_t) {
  return false;
}

#endif  // JWTV_HAVE_IPSEC_MB

}  // namespace jwtv::internal
