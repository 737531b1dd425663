// libFuzzer target: the GCP Compute answers the client reads (a VM, a page of VMs).
#include "providers/gcpclient.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <cstddef>
#include <cstdint>

using namespace gpufailover;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QJsonDocument doc
        = QJsonDocument::fromJson(QByteArray::fromRawData(reinterpret_cast<const char *>(data), qsizetype(size)));
    const QJsonObject o = doc.object();
    (void)GcpClient::parseVm(o);
    for (const QJsonValue &v : o.value(QStringLiteral("items")).toArray())
        (void)GcpClient::parseVm(v.toObject());
    return 0;
}
