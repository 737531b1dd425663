#include "providers/vastjson.h"
#include "core/numbers.h"

#include "providers/offerscanner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonParseError>
#include <QMap>

#include <algorithm>
#include <cmath>

namespace gpufailover::vast {
namespace {

Error bad(const QString &what)
{
    return { QStringLiteral("bad_response"), what };
}

std::optional<double> fieldNumber(const FieldValue &v)
{
    switch (v.type) {
    case FieldValue::Type::Number:
        return std::isfinite(v.number) ? std::optional<double>(v.number) : std::nullopt;
    case FieldValue::Type::String: {
        bool ok = false;
        const double d = v.string.trimmed().toDouble(&ok);
        return ok && std::isfinite(d) ? std::optional<double>(d) : std::nullopt;
    }
    case FieldValue::Type::Bool:
        return v.boolean ? 1.0 : 0.0;
    default:
        return std::nullopt;
    }
}

std::optional<qint64> fieldInteger(const FieldValue &v)
{
    const auto d = fieldNumber(v);
    if (!d || *d != std::floor(*d) || std::fabs(*d) > 9.0e15)
        return std::nullopt;
    return qint64(*d);
}

QString fieldString(const FieldValue &v)
{
    if (v.type == FieldValue::Type::String)
        return v.string;
    if (v.type == FieldValue::Type::Number)
        return QString::number(v.number);
    return {};
}

bool fieldBool(const FieldValue &v, bool fallback)
{
    if (v.type == FieldValue::Type::Bool)
        return v.boolean;
    if (v.type == FieldValue::Type::Number)
        return v.number != 0;
    return fallback;
}

FieldValue fromJsonValue(const QJsonValue &j)
{
    FieldValue v;
    switch (j.type()) {
    case QJsonValue::Undefined:
        v.type = FieldValue::Type::Absent;
        break;
    case QJsonValue::Null:
        v.type = FieldValue::Type::Null;
        break;
    case QJsonValue::Double:
        v.type = FieldValue::Type::Number;
        v.number = j.toDouble();
        break;
    case QJsonValue::String:
        v.type = FieldValue::Type::String;
        v.string = j.toString();
        break;
    case QJsonValue::Bool:
        v.type = FieldValue::Type::Bool;
        v.boolean = j.toBool();
        break;
    default:
        v.type = FieldValue::Type::Other;
        break;
    }
    return v;
}

// Vast sends some numbers as strings ("driver_version", "ssh_idx") and may send null anywhere;
// the rules live in the field* functions above, shared with the offer fast path.
std::optional<double> number(const QJsonObject &o, QLatin1StringView key)
{
    return fieldNumber(fromJsonValue(o.value(key)));
}

double num(const QJsonObject &o, const char *key, double fallback = 0)
{
    return number(o, QLatin1StringView(key)).value_or(fallback);
}

std::optional<qint64> integer(const QJsonObject &o, const char *key)
{
    return fieldInteger(fromJsonValue(o.value(QLatin1StringView(key))));
}

QString str(const QJsonObject &o, const char *key)
{
    return fieldString(fromJsonValue(o.value(QLatin1StringView(key))));
}

bool boolean(const QJsonObject &o, const char *key, bool fallback = false)
{
    return fieldBool(fromJsonValue(o.value(QLatin1StringView(key))), fallback);
}

// Keeps a parsed row, or counts why it was dropped.
template <typename T> void collect(QList<T> &out, Result<T> item, ParseReport *report)
{
    if (item) {
        out.append(std::move(item).value());
    } else if (report) {
        ++report->dropped;
        if (report->problems.size() < 5)
            report->problems << item.error().message;
    }
}

template <typename T, typename F>
Result<QList<T>> parseList(const QJsonValue &arrayValue, const char *what, F &&fromJson, ParseReport *report)
{
    if (!arrayValue.isArray())
        return bad(QStringLiteral("expected a list of %1").arg(QLatin1StringView(what)));
    QList<T> out;
    const QJsonArray array = arrayValue.toArray();
    out.reserve(array.size());
    for (const QJsonValue &v : array) {
        collect(out, v.isObject() ? fromJson(v.toObject()) : Result<T>(bad(QStringLiteral("not an object"))), report);
    }
    return out;
}

QJsonObject op(const char *name, const QJsonValue &value)
{
    return QJsonObject { { QLatin1StringView(name), value } };
}

} // namespace

Result<QJsonObject> parseObject(const QByteArray &body)
{
    QJsonParseError error {};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error != QJsonParseError::NoError)
        return bad(QStringLiteral("malformed JSON at byte %1: %2").arg(error.offset).arg(error.errorString()));
    if (!doc.isObject())
        return bad(QStringLiteral("expected a JSON object"));
    return doc.object();
}

QJsonObject OfferQuery::toJson() const
{
    QJsonObject q {
        { QStringLiteral("external"), op("eq", false) },
        { QStringLiteral("rentable"), op("eq", true) },
        { QStringLiteral("rented"), op("eq", false) },
        { QStringLiteral("num_gpus"), op("gte", minGpus) },
        { QStringLiteral("order"),
            QJsonArray { QJsonArray { orderBy, descending ? QStringLiteral("desc") : QStringLiteral("asc") } } },
        { QStringLiteral("type"), onDemand ? QStringLiteral("on-demand") : QStringLiteral("bid") },
        { QStringLiteral("limit"), limit },
        { QStringLiteral("allocated_storage"), allocatedStorageGb },
    };
    // false means "verification not required", not "unverified only".
    if (verified)
        q.insert(QStringLiteral("verified"), op("eq", true));
    if (!gpuNames.isEmpty())
        q.insert(QStringLiteral("gpu_name"), op("in", QJsonArray::fromStringList(gpuNames)));
    if (minReliability > 0)
        q.insert(QStringLiteral("reliability"), op("gte", minReliability));
    if (maxDphTotal > 0)
        q.insert(QStringLiteral("dph_total"), op("lte", maxDphTotal));
    if (minDiskGb > 0)
        q.insert(QStringLiteral("disk_space"), op("gte", minDiskGb));
    if (machineId)
        q.insert(QStringLiteral("machine_id"), op("eq", double(*machineId)));
    else if (!excludeMachines.isEmpty()) {
        QJsonArray ids;
        for (qint64 id : excludeMachines)
            ids.append(double(id));
        q.insert(QStringLiteral("machine_id"), op("notin", ids));
    }
    return q;
}

bool OfferQuery::matches(const GpuOffer &o) const
{
    if (verified && !o.verified)
        return false;
    if (!o.rentable || o.rented || o.numGpus < minGpus)
        return false;
    if (!gpuNames.isEmpty() && !gpuNames.contains(o.gpuName))
        return false;
    if (minReliability > 0 && o.reliability < minReliability)
        return false;
    if (maxDphTotal > 0 && o.dphTotal > maxDphTotal)
        return false;
    if (minDiskGb > 0 && o.diskSpaceGb < minDiskGb)
        return false;
    if (machineId && o.machineId != *machineId)
        return false;
    return !excludeMachines.contains(o.machineId);
}

namespace {

Result<GpuOffer> offerFromFields(const OfferFields &f)
{
    using F = OfferField;
    const auto at = [&](F field) -> const FieldValue & { return f[size_t(field)]; };
    const auto num = [&](F field, double fallback = 0) { return fieldNumber(at(field)).value_or(fallback); };
    const auto id = fieldInteger(at(F::Id));
    const auto machine = fieldInteger(at(F::MachineId));
    const auto gpus = fieldInteger(at(F::NumGpus));
    if (!id || *id <= 0)
        return bad(QStringLiteral("offer without a valid id"));
    if (!machine || *machine <= 0)
        return bad(QStringLiteral("offer %1 without a valid machine_id").arg(*id));
    if (!gpus || *gpus <= 0 || *gpus > 64)
        return bad(QStringLiteral("offer %1 with an invalid num_gpus").arg(*id));
    const auto total = fieldNumber(at(F::DphTotal));
    if (!total || *total < 0)
        return bad(QStringLiteral("offer %1 without a valid dph_total").arg(*id));
    GpuOffer r;
    r.id = *id;
    r.machineId = *machine;
    r.hostId = fieldInteger(at(F::HostId)).value_or(0);
    r.numGpus = int(*gpus);
    r.gpuName = fieldString(at(F::GpuName)).trimmed();
    r.gpuRamMb = saturatingCast<int>(num(F::GpuRam));
    r.dphTotal = *total;
    r.dphBase = num(F::DphBase, *total);
    r.storageCost = num(F::StorageCost);
    r.minBid = num(F::MinBid);
    r.reliability = num(F::Reliability, num(F::Reliability2));
    r.verified = fieldBool(at(F::Verified), fieldString(at(F::Verification)) == u"verified");
    r.rentable = fieldBool(at(F::Rentable), true);
    r.rented = fieldBool(at(F::Rented), false);
    r.geolocation = fieldString(at(F::Geolocation));
    r.diskSpaceGb = num(F::DiskSpace);
    r.inetUpMbps = num(F::InetUp);
    r.inetDownMbps = num(F::InetDown);
    r.inetUpCostPerGb = num(F::InetUpCost);
    r.inetDownCostPerGb = num(F::InetDownCost);
    r.cudaMaxGood = num(F::CudaMaxGood);
    r.computeCap = saturatingCast<int>(num(F::ComputeCap));
    r.directPortCount = saturatingCast<int>(num(F::DirectPortCount));
    r.endDate = saturatingCast<qint64>(num(F::EndDate));
    r.volumeOfferId = fieldInteger(at(F::AvailVolAskId)).value_or(0);
    r.score = num(F::Score);
    return r;
}

} // namespace

Result<GpuOffer> offerFromJson(const QJsonObject &o)
{
    OfferFields fields;
    for (size_t i = 0; i < fields.size(); ++i)
        fields[i] = fromJsonValue(o.value(QLatin1StringView(offerFieldName(OfferField(i)))));
    return offerFromFields(fields);
}

Result<QList<GpuOffer>> parseOffers(const QByteArray &body, ParseReport *report)
{
    // Fast path first; anything it does not fully understand goes through Qt's parser, which
    // also produces the error message for malformed input.
    if (auto scanned = scanOfferPage(body)) {
        QList<GpuOffer> out;
        out.reserve(scanned->size());
        for (const OfferFields &f : std::as_const(*scanned)) {
            collect(out,
                f[0].type == FieldValue::Type::Other ? Result<GpuOffer>(bad(QStringLiteral("not an object")))
                                                     : offerFromFields(f),
                report);
        }
        return out;
    }
    return parseOffersDom(body, report);
}

Result<QList<GpuOffer>> parseOffersDom(const QByteArray &body, ParseReport *report)
{
    const auto obj = parseObject(body);
    if (!obj)
        return obj.error();
    return parseList<GpuOffer>(obj->value(QStringLiteral("offers")), "offers", offerFromJson, report);
}

std::optional<SshEndpoint> sshEndpoint(const QJsonObject &o)
{
    const QString ip = str(o, "public_ipaddr").trimmed();
    const QJsonValue ports = o.value(QStringLiteral("ports"));
    if (!ip.isEmpty() && ports.isObject()) {
        const QJsonArray mapped = ports.toObject().value(QStringLiteral("22/tcp")).toArray();
        if (!mapped.isEmpty()) {
            bool ok = false;
            const QJsonValue hostPort = mapped.first().toObject().value(QStringLiteral("HostPort"));
            const int port = hostPort.isString() ? hostPort.toString().toInt(&ok) : hostPort.toInt();
            if (hostPort.isDouble())
                ok = true;
            if (ok && port > 0 && port < 65536)
                return SshEndpoint { ip, port, true, QStringLiteral("root") };
        }
    }
    const QString host = str(o, "ssh_host").trimmed();
    const auto port = integer(o, "ssh_port");
    if (host.isEmpty() || !port || *port <= 0 || *port >= 65535)
        return std::nullopt;
    const bool jupyter = str(o, "image_runtype").contains(QLatin1StringView("jupyter"));
    return SshEndpoint { host, int(*port) + (jupyter ? 1 : 0), false, QStringLiteral("root") };
}

Result<CloudInstance> instanceFromJson(const QJsonObject &o)
{
    const auto id = integer(o, "id");
    if (!id || *id <= 0)
        return bad(QStringLiteral("instance without a valid id"));
    CloudInstance r;
    r.id = *id;
    r.machineId = integer(o, "machine_id").value_or(0);
    r.label = str(o, "label");
    r.actualStatus = str(o, "actual_status");
    r.intendedStatus = str(o, "intended_status");
    r.curState = str(o, "cur_state");
    r.nextState = str(o, "next_state");
    r.statusMsg = str(o, "status_msg").trimmed();
    r.gpuName = str(o, "gpu_name");
    r.numGpus = saturatingCast<int>(num(o, "num_gpus"));
    r.dphTotal = num(o, "dph_total");
    r.storageCostPerHour = num(o, "storage_total_cost");
    r.storageCostPerGbMonth = num(o, "storage_cost");
    r.isBid = boolean(o, "is_bid");
    r.image = str(o, "image_uuid");
    r.runtype = str(o, "image_runtype");
    r.publicIp = str(o, "public_ipaddr").trimmed();
    r.ssh = sshEndpoint(o);
    r.startDate = saturatingCast<qint64>(num(o, "start_date"));
    r.endDate = saturatingCast<qint64>(num(o, "end_date"));
    for (const QJsonValue &v : o.value(QStringLiteral("volume_info")).toArray()) {
        const auto vid = integer(v.toObject(), "id");
        if (vid)
            r.volumeIds.append(*vid);
    }
    r.raw = o;
    return r;
}

Result<std::optional<CloudInstance>> parseShowInstance(const QByteArray &body)
{
    const auto obj = parseObject(body);
    if (!obj)
        return obj.error();
    if (!obj->contains(QStringLiteral("instances")))
        return bad(QStringLiteral("expected an \"instances\" field"));
    const QJsonValue v = obj->value(QStringLiteral("instances"));
    if (v.isNull())
        return std::optional<CloudInstance>();
    // Some older answers wrap the one instance in a list.
    const QJsonValue one = v.isArray() && v.toArray().size() == 1 ? v.toArray().first() : v;
    if (v.isArray() && v.toArray().isEmpty())
        return std::optional<CloudInstance>();
    if (!one.isObject())
        return bad(QStringLiteral("\"instances\" is neither an object nor null"));
    auto inst = instanceFromJson(one.toObject());
    if (!inst)
        return inst.error();
    return std::optional<CloudInstance>(std::move(inst).value());
}

Result<InstancePage> parseInstancePage(const QByteArray &body, ParseReport *report)
{
    const auto obj = parseObject(body);
    if (!obj)
        return obj.error();
    if (obj->value(QStringLiteral("success")).isBool() && !obj->value(QStringLiteral("success")).toBool())
        return Error { QStringLiteral("api_error"), parseErrorBody(body).message };
    auto list
        = parseList<CloudInstance>(obj->value(QStringLiteral("instances")), "instances", instanceFromJson, report);
    if (!list)
        return list.error();
    InstancePage page;
    page.instances = std::move(list).value();
    const QJsonValue token = obj->value(QStringLiteral("next_token"));
    page.nextToken = token.isString() ? token.toString() : QString();
    page.totalInstances = saturatingCast<int>(num(*obj, "total_instances", double(page.instances.size())));
    return page;
}

Result<QList<CloudVolume>> parseVolumes(const QByteArray &body, ParseReport *report)
{
    const auto obj = parseObject(body);
    if (!obj)
        return obj.error();
    return parseList<CloudVolume>(
        obj->value(QStringLiteral("volumes")), "volumes",
        [](const QJsonObject &o) -> Result<CloudVolume> {
            const auto id = integer(o, "id");
            if (!id || *id <= 0)
                return bad(QStringLiteral("volume without a valid id"));
            CloudVolume v;
            v.id = *id;
            v.machineId = integer(o, "machine_id").value_or(0);
            v.name = str(o, "label");
            v.sizeGb = num(o, "disk_space");
            v.status = str(o, "status");
            for (const QJsonValue &i : o.value(QStringLiteral("instances")).toArray()) {
                if (i.isDouble())
                    v.instanceIds.append(saturatingCast<qint64>(i.toDouble()));
                else if (i.isObject() && integer(i.toObject(), "id"))
                    v.instanceIds.append(*integer(i.toObject(), "id"));
            }
            return v;
        },
        report);
}

Result<QList<VolumeOffer>> parseVolumeOffers(const QByteArray &body, ParseReport *report)
{
    const auto obj = parseObject(body);
    if (!obj)
        return obj.error();
    return parseList<VolumeOffer>(
        obj->value(QStringLiteral("offers")), "volume offers",
        [](const QJsonObject &o) -> Result<VolumeOffer> {
            const auto id = integer(o, "id");
            const auto machine = integer(o, "machine_id");
            if (!id || *id <= 0 || !machine)
                return bad(QStringLiteral("volume offer without a valid id or machine_id"));
            VolumeOffer v;
            v.id = *id;
            v.machineId = *machine;
            v.maxSizeGb = num(o, "disk_space");
            v.storageCost = num(o, "storage_cost");
            v.reliability = num(o, "reliability2", num(o, "reliability"));
            v.geolocation = str(o, "geolocation");
            return v;
        },
        report);
}

Result<AccountInfo> parseAccount(const QByteArray &body)
{
    const auto obj = parseObject(body);
    if (!obj)
        return obj.error();
    AccountInfo a;
    a.id = integer(*obj, "id").value_or(0);
    a.email = str(*obj, "email");
    const auto credit = number(*obj, QLatin1StringView("credit"));
    const auto balance = number(*obj, QLatin1StringView("balance"));
    if (!credit && !balance)
        return bad(QStringLiteral("account without credit or balance"));
    a.credit = credit.value_or(balance.value_or(0));
    a.balance = balance;
    return a;
}

ApiErrorBody parseErrorBody(const QByteArray &body)
{
    ApiErrorBody e;
    QJsonParseError error {};
    const QJsonDocument doc = QJsonDocument::fromJson(body, &error);
    if (error.error == QJsonParseError::NoError && doc.isObject()) {
        const QJsonObject o = doc.object();
        e.error = str(o, "error");
        for (const char *key : { "msg", "message", "detail", "error_description" }) {
            e.message = str(o, key);
            if (!e.message.isEmpty())
                break;
        }
        e.newContract = integer(o, "new_contract").value_or(0);
    } else {
        // Plain text, e.g. "API requests too frequent: endpoint threshold=4.5". Bounded so a huge
        // HTML error page does not flood the log.
        e.message = QString::fromUtf8(body.left(300)).trimmed();
    }
    if (e.error.isEmpty()) {
        // Codes are sometimes embedded in the message: "error 404/3603: no_such_ask Instance ..."
        static const QStringList known = { QStringLiteral("no_such_ask"), QStringLiteral("no_such_instance"),
            QStringLiteral("no_such_volume"), QStringLiteral("invalid_args"), QStringLiteral("auth_error"),
            QStringLiteral("deprecated_endpoint"), QStringLiteral("rate_limit_exceeded"),
            QStringLiteral("invalid_token"), QStringLiteral("invalid_price"), QStringLiteral("missing_billing") };
        for (const QString &k : known) {
            if (e.message.contains(k)) {
                e.error = k;
                break;
            }
        }
    }
    return e;
}

QList<HostGroup> groupByMachine(const QList<GpuOffer> &offers)
{
    QMap<qint64, HostGroup> groups;
    for (const GpuOffer &o : offers) {
        HostGroup &g = groups[o.machineId];
        if (g.offers.isEmpty()) {
            g.machineId = o.machineId;
            g.gpuName = o.gpuName;
            g.reliability = o.reliability;
            g.geolocation = o.geolocation;
            g.verified = o.verified;
            g.pricePerGpuHour = o.dphBase / o.numGpus;
        }
        g.freeGpus = qMax(g.freeGpus, o.numGpus);
        g.pricePerGpuHour = qMin(g.pricePerGpuHour, o.dphBase / o.numGpus);
        g.reliability = qMax(g.reliability, o.reliability);
        if (!g.volumeOfferId)
            g.volumeOfferId = o.volumeOfferId;
        g.offers.append(o);
    }
    QList<HostGroup> out;
    out.reserve(groups.size());
    for (HostGroup &g : groups) {
        std::sort(g.offers.begin(), g.offers.end(),
            [](const GpuOffer &a, const GpuOffer &b) { return a.dphTotal < b.dphTotal; });
        out.append(std::move(g));
    }
    std::sort(out.begin(), out.end(), [](const HostGroup &a, const HostGroup &b) {
        if (a.pricePerGpuHour != b.pricePerGpuHour)
            return a.pricePerGpuHour < b.pricePerGpuHour;
        if (a.reliability != b.reliability)
            return a.reliability > b.reliability;
        return a.machineId < b.machineId;
    });
    return out;
}

} // namespace gpufailover::vast
