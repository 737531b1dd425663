// libFuzzer target: the GPU probe's parser, on whatever nvidia-smi and df print (or a broken
// host prints instead). Odd output is a failed probe, never a crash.
#include "remote/healthprobe.h"

#include <cstddef>
#include <cstdint>

using namespace gpufailover;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    ExecResult r;
    // The first byte picks the exit status; the rest is the output.
    r.exitStatus = size > 0 ? int(data[0] % 4) : 0;
    r.out = QByteArray(reinterpret_cast<const char *>(data) + (size > 0 ? 1 : 0), qsizetype(size > 0 ? size - 1 : 0));
    (void)healthprobe::parse(Result<ExecResult>(r));
    return 0;
}
