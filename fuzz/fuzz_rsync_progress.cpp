// libFuzzer target: rsync's --info=progress2 lines as the CPU standby's sync reads them.
#include "remote/rsyncrunner.h"

#include <cstddef>
#include <cstdint>

using namespace gpufailover;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QString all = QString::fromUtf8(reinterpret_cast<const char *>(data), qsizetype(size));
    for (const QString &line : all.split(u'\r'))
        (void)rsync::parseProgress(line);
    return 0;
}
