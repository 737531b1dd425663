// libFuzzer target: the Vast.ai response parsers, on any bytes an API (or a proxy in front of it)
// could send. They must answer a Result, never crash, hang or read out of bounds.
#include "providers/vastjson.h"

#include <cstddef>
#include <cstdint>

using namespace gpufailover;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArray body = QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size));
    vast::ParseReport report;
    (void)vast::parseOffers(body, &report); // the fast path, falling back to the DOM
    (void)vast::parseOffersDom(body, &report);
    (void)vast::parseShowInstance(body);
    (void)vast::parseInstancePage(body, &report);
    (void)vast::parseVolumes(body, &report);
    (void)vast::parseVolumeOffers(body, &report);
    (void)vast::parseAccount(body);
    (void)vast::parseErrorBody(body);
    if (const auto o = vast::parseObject(body))
        (void)vast::sshEndpoint(*o);
    return 0;
}
