// libFuzzer target: restic's --json lines (status and summary) as the snapshot tier reads them.
#include "remote/resticrunner.h"

#include <cstddef>
#include <cstdint>

using namespace gpufailover;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray all(reinterpret_cast<const char *>(data), qsizetype(size));
    for (const QByteArray &line : all.split('\n'))
        (void)restic::parseJsonLine(line);
    return 0;
}
