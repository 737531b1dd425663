#include "sim/simmarket.h"

#include "core/clock.h"
#include "sim/simlogging.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QUuid>

namespace gpufailover {
namespace {

struct GpuModel
{
    const char *name;
    int ramMb;
    double minPrice, maxPrice; // $/GPU-hour
    double cuda;
    int computeCap;
    int weight;
};

const GpuModel kModels[] = {
    { "RTX 4090", 24564, 0.28, 0.55, 12.8, 890, 40 },
    { "RTX 3090", 24576, 0.14, 0.30, 12.4, 860, 30 },
    { "A100 SXM4", 81920, 0.80, 1.40, 12.6, 800, 18 },
    { "H100 SXM", 81559, 1.80, 2.80, 12.8, 900, 12 },
};

const char *kLocations[] = { "Oregon, US", "Texas, US", "Quebec, CA", "Helsinki, FI", "Frankfurt, DE", "Tokyo, JP",
    "Ohio, US", "Sao Paulo, BR", "Warsaw, PL", "Virginia, US" };

Error vastError(int status, const char *code, const QString &msg)
{
    return Error { QString::fromLatin1(code), msg, status };
}

Error noSuchInstance(qint64 id)
{
    return vastError(404, "no_such_instance", QStringLiteral("Instance %1 not found.").arg(id));
}

} // namespace

SimHost SimHost::machine(qint64 machineId, int gpus, const QString &model, double pricePerGpu, qint64 endDate)
{
    SimHost h;
    h.machineId = machineId;
    h.hostId = machineId * 10;
    h.numGpus = gpus;
    h.gpuName = model;
    h.gpuRamMb = 24564;
    h.dphPerGpu = pricePerGpu;
    h.storageCost = 0.15;
    h.reliability = 0.99;
    h.geolocation = QStringLiteral("Oregon, US");
    h.diskSpaceGb = 500;
    h.publicIp = QStringLiteral("203.0.113.%1").arg(machineId % 250);
    h.endDate = endDate;
    return h;
}

SimMarket::SimMarket(Clock *clock, SimOptions options, QObject *parent)
    : QObject(parent)
    , m_clock(clock)
    , m_options(options)
    , m_rng(options.seed)
    , m_credit(options.credit)
{
    generate();
    m_churnTimer = m_clock->createTimer(this);
    connect(m_churnTimer.get(), &ClockTimer::timeout, this, &SimMarket::churn);
    m_churnTimer->start(m_options.churnIntervalMs);
}

SimMarket::~SimMarket() = default;

qint64 SimMarket::randomBetween(qint64 lo, qint64 hi)
{
    return hi <= lo ? lo : lo + qint64(m_rng.bounded(quint64(hi - lo + 1)));
}

void SimMarket::generate()
{
    int totalWeight = 0;
    for (const GpuModel &m : kModels)
        totalWeight += m.weight;
    QSet<qint64> usedMachines;
    for (int i = 0; i < m_options.hosts; ++i) {
        SimHost h;
        do {
            h.machineId = 10000 + qint64(m_rng.bounded(89999));
        } while (usedMachines.contains(h.machineId));
        usedMachines.insert(h.machineId);
        h.hostId = 100000 + qint64(m_rng.bounded(899999));
        int pick = int(m_rng.bounded(totalWeight));
        const GpuModel *model = &kModels[0];
        for (const GpuModel &m : kModels) {
            if (pick < m.weight) {
                model = &m;
                break;
            }
            pick -= m.weight;
        }
        static const int counts[] = { 1, 1, 2, 2, 4, 4, 4, 8, 8, 3, 6 };
        h.numGpus = counts[m_rng.bounded(int(std::size(counts)))];
        h.gpuName = QString::fromLatin1(model->name);
        h.gpuRamMb = model->ramMb;
        h.dphPerGpu
            = std::round((model->minPrice + (model->maxPrice - model->minPrice) * m_rng.generateDouble()) * 1000)
            / 1000;
        h.storageCost = std::round((0.08 + 0.17 * m_rng.generateDouble()) * 100) / 100;
        h.reliability = std::round((0.90 + 0.099 * m_rng.generateDouble()) * 10000) / 10000;
        h.geolocation = QString::fromLatin1(kLocations[m_rng.bounded(int(std::size(kLocations)))]);
        h.verified = m_rng.bounded(100) < 85;
        h.inetUp = double(100 + m_rng.bounded(900));
        h.inetDown = double(200 + m_rng.bounded(1800));
        h.inetUpCost = h.inetDownCost = std::round(0.002 * (1 + m_rng.bounded(5)) * 1000) / 1000;
        h.cudaMaxGood = model->cuda;
        h.computeCap = model->computeCap;
        h.diskSpaceGb = double(200 + 100 * m_rng.bounded(20));
        h.publicIp = QStringLiteral("203.0.113.%1").arg(1 + i % 254);
        h.endDate = m_clock->now().toSecsSinceEpoch() + 86400 * qint64(30 + m_rng.bounded(300));
        h.gpuHolder = QList<qint64>(h.numGpus, 0);
        // Part of the market is already rented by other people.
        for (qint64 &g : h.gpuHolder) {
            if (m_rng.bounded(100) < 30)
                g = -1;
        }
        addHost(std::move(h));
    }
}

qint64 SimMarket::addHost(SimHost host)
{
    if (host.gpuHolder.size() != host.numGpus)
        host.gpuHolder = QList<qint64>(host.numGpus, 0);
    if (!host.volumeOfferId)
        host.volumeOfferId = 700000 + host.machineId;
    const qint64 id = host.machineId;
    m_hosts.insert(id, std::move(host));
    invalidateOffers(id);
    return id;
}

SimHost *SimMarket::host(qint64 machineId)
{
    auto it = m_hosts.find(machineId);
    return it == m_hosts.end() ? nullptr : &*it;
}

void SimMarket::invalidateOffers(qint64 machineId)
{
    // "Each offer ID can only be used to create one instance": when a machine's free GPUs change,
    // its offers are replaced, and a client holding an old id gets no_such_ask.
    for (qint64 id : m_hostOffers.take(machineId))
        m_offerIndex.remove(id);
    Q_EMIT hostChanged(machineId);
}

QList<SimMarket::Offer> SimMarket::offers() const
{
    QList<Offer> out;
    for (const SimHost &h : m_hosts) {
        const int free = h.freeGpus();
        if (!h.reachable() || free == 0)
            continue;
        if (!m_hostOffers.contains(h.machineId)) {
            QList<qint64> ids;
            QList<int> sizes;
            for (int n : { 1, 2, 4, 8, free }) {
                if (n <= free && !sizes.contains(n))
                    sizes.append(n);
            }
            for (int n : sizes) {
                const qint64 id = m_nextOfferId++;
                m_offerIndex.insert(id, Offer { id, h.machineId, n });
                ids.append(id);
            }
            m_hostOffers.insert(h.machineId, ids);
        }
        for (qint64 id : m_hostOffers.value(h.machineId))
            out.append(m_offerIndex.value(id));
    }
    return out;
}

QJsonObject SimMarket::offerJson(const Offer &offer, int allocatedStorageGb, bool bidPrices) const
{
    const SimHost &h = m_hosts[offer.machineId];
    const double base = h.dphPerGpu * offer.numGpus;
    const double storageHour = h.storageCost * allocatedStorageGb / 720.0;
    const double minBid = std::round(base * 0.45 * 10000) / 10000;
    const double gpuCost = bidPrices ? minBid : base;
    return QJsonObject {
        { QStringLiteral("id"), double(offer.id) },
        { QStringLiteral("ask_contract_id"), double(offer.id) },
        { QStringLiteral("bundle_id"), double(offer.id + 400000000) },
        { QStringLiteral("machine_id"), double(h.machineId) },
        { QStringLiteral("host_id"), double(h.hostId) },
        { QStringLiteral("num_gpus"), offer.numGpus },
        { QStringLiteral("gpu_name"), h.gpuName },
        { QStringLiteral("gpu_ram"), h.gpuRamMb },
        { QStringLiteral("gpu_total_ram"), h.gpuRamMb * offer.numGpus },
        { QStringLiteral("gpu_frac"), double(offer.numGpus) / h.numGpus },
        { QStringLiteral("gpu_arch"), QStringLiteral("nvidia") },
        { QStringLiteral("compute_cap"), h.computeCap },
        { QStringLiteral("cuda_max_good"), h.cudaMaxGood },
        { QStringLiteral("driver_version"), QStringLiteral("570.124.04") },
        { QStringLiteral("cpu_name"), QStringLiteral("AMD EPYC 7K62") },
        { QStringLiteral("cpu_cores"), 48 },
        { QStringLiteral("cpu_cores_effective"), 6.0 * offer.numGpus },
        { QStringLiteral("cpu_ram"), 257000 },
        { QStringLiteral("cpu_arch"), QStringLiteral("amd64") },
        { QStringLiteral("disk_space"), h.diskSpaceGb },
        { QStringLiteral("disk_bw"), 3000.0 },
        { QStringLiteral("inet_up"), h.inetUp },
        { QStringLiteral("inet_down"), h.inetDown },
        { QStringLiteral("inet_up_cost"), h.inetUpCost },
        { QStringLiteral("inet_down_cost"), h.inetDownCost },
        { QStringLiteral("direct_port_count"), 100 },
        { QStringLiteral("public_ipaddr"), h.publicIp },
        { QStringLiteral("geolocation"), h.geolocation },
        { QStringLiteral("static_ip"), true },
        { QStringLiteral("verification"), h.verified ? QStringLiteral("verified") : QStringLiteral("unverified") },
        { QStringLiteral("verified"), h.verified },
        { QStringLiteral("reliability"), h.reliability },
        { QStringLiteral("reliability2"), h.reliability },
        { QStringLiteral("dph_base"), gpuCost },
        { QStringLiteral("storage_cost"), h.storageCost },
        { QStringLiteral("storage_total_cost"), storageHour },
        { QStringLiteral("dph_total"), gpuCost + storageHour },
        { QStringLiteral("min_bid"), minBid },
        { QStringLiteral("is_bid"), bidPrices },
        { QStringLiteral("rentable"), true },
        { QStringLiteral("rented"), false },
        { QStringLiteral("external"), false },
        { QStringLiteral("end_date"), double(h.endDate) },
        { QStringLiteral("duration"), double(h.endDate - m_clock->now().toSecsSinceEpoch()) },
        { QStringLiteral("score"), std::round(h.reliability * 100 / (h.dphPerGpu + 0.05) * 10) / 10 },
        { QStringLiteral("avail_vol_ask_id"), double(h.volumeOfferId) },
        { QStringLiteral("avail_vol_dph"), h.storageCost / 720.0 },
        { QStringLiteral("avail_vol_size"), h.diskSpaceGb },
        { QStringLiteral("search"),
            QJsonObject { { QStringLiteral("gpuCostPerHour"), gpuCost }, { QStringLiteral("diskHour"), storageHour },
                { QStringLiteral("totalHour"), gpuCost + storageHour } } },
        { QStringLiteral("time_remaining"), QString() },
    };
}

void SimMarket::schedule(qint64 instanceId, qint64 delayMs, std::function<void(SimInstance &)> step)
{
    auto it = m_instances.find(instanceId);
    if (it == m_instances.end())
        return;
    const int phase = it->phase;
    auto timer = m_clock->createTimer(this);
    timer->setSingleShot(true);
    ClockTimer *raw = timer.release();
    connect(raw, &ClockTimer::timeout, this, [this, raw, instanceId, phase, step = std::move(step)] {
        raw->deleteLater();
        auto inst = m_instances.find(instanceId);
        // Anything that happened meanwhile (stop, kill, destroy) cancels this step.
        if (inst == m_instances.end() || inst->phase != phase)
            return;
        step(*inst);
        Q_EMIT instanceChanged(instanceId);
    });
    raw->start(qMax<qint64>(1, delayMs));
}

void SimMarket::beginBoot(SimInstance &inst, bool fromStopped)
{
    SimHost &h = m_hosts[inst.machineId];
    ++inst.phase;
    bool available = h.reachable();
    for (int g : std::as_const(inst.gpus))
        available = available && (h.gpuHolder[g] == 0 || h.gpuHolder[g] == inst.id);
    if (!available) {
        // Vast shows "Scheduling" and waits, possibly forever, for the same GPUs to be free.
        inst.curState = QStringLiteral("stopped");
        inst.actual = QStringLiteral("stopped");
        inst.statusMsg = QStringLiteral("Scheduling: waiting for the GPU(s) to be released by another renter");
        return;
    }
    for (int g : std::as_const(inst.gpus))
        h.gpuHolder[g] = inst.id;
    invalidateOffers(inst.machineId);
    inst.curState = QStringLiteral("running");
    inst.statusMsg.clear();
    const qint64 total = fromStopped ? randomBetween(m_options.startMinMs, m_options.startMaxMs)
                                     : randomBetween(m_options.createMinMs, m_options.createMaxMs);
    if (!fromStopped)
        schedule(inst.id, total / 10, [](SimInstance &i) { i.actual = QStringLiteral("created"); });
    schedule(inst.id, total / 4, [](SimInstance &i) {
        i.actual = QStringLiteral("loading");
        i.statusMsg = QStringLiteral("Loading image: %1").arg(i.image);
    });
    schedule(inst.id, total, [this](SimInstance &i) {
        i.actual = QStringLiteral("running");
        i.directSshPort = 20000 + int(m_rng.bounded(40000));
        i.statusMsg = QStringLiteral("success, running %1/ssh").arg(i.image);
        if (!i.startDate)
            i.startDate = m_clock->now().toSecsSinceEpoch();
    });
}

void SimMarket::releaseGpus(SimInstance &inst)
{
    SimHost &h = m_hosts[inst.machineId];
    for (int g : std::as_const(inst.gpus)) {
        if (h.gpuHolder[g] == inst.id)
            h.gpuHolder[g] = 0;
    }
    invalidateOffers(inst.machineId);
}

void SimMarket::tryScheduled(qint64 machineId)
{
    for (SimInstance &inst : m_instances) {
        if (inst.machineId == machineId && inst.intended == u"running" && inst.curState == u"stopped"
            && inst.statusMsg.startsWith(u"Scheduling")) {
            beginBoot(inst, true);
            Q_EMIT instanceChanged(inst.id);
        }
    }
}

Result<SimMarket::Created> SimMarket::createInstance(qint64 offerId, const CreateSpec &spec)
{
    const auto offerIt = m_offerIndex.constFind(offerId);
    if (offerIt == m_offerIndex.constEnd() || !m_hosts[offerIt->machineId].reachable())
        return vastError(404, "no_such_ask",
            QStringLiteral("error 404/3603: no_such_ask Instance type by id %1 is not available.").arg(offerId));
    const Offer offer = *offerIt;
    SimHost &h = m_hosts[offer.machineId];
    if (h.freeGpus() < offer.numGpus)
        return vastError(410, "no_such_ask", QStringLiteral("Offer %1 is no longer available.").arg(offerId));
    if (spec.image.isEmpty() || spec.image.size() > 1024)
        return vastError(400, "invalid_args", QStringLiteral("image is required (at most 1024 characters)"));
    if (spec.diskGb < 8)
        return vastError(400, "invalid_args", QStringLiteral("disk must be at least 8 GB"));
    if (spec.label.size() > 256)
        return vastError(400, "label_too_long", QStringLiteral("label is longer than 256 characters"));
    if (spec.onstart.size() > 4096)
        return vastError(400, "invalid_args", QStringLiteral("onstart is longer than 4096 characters"));
    if (m_credit <= 0)
        return vastError(402, "missing_billing", QStringLiteral("Insufficient credit"));

    qint64 volumeId = 0;
    QString mountPath;
    if (spec.volumeInfo) {
        const QJsonObject v = *spec.volumeInfo;
        const qint64 vid = qint64(v.value(QStringLiteral("volume_id")).toDouble());
        mountPath = v.value(QStringLiteral("mount_path")).toString(QStringLiteral("/data"));
        if (v.value(QStringLiteral("create_new")).toBool()) {
            if (vid != h.volumeOfferId)
                return vastError(400, "invalid_args",
                    QStringLiteral("volume offer %1 is not on machine %2: a volume can only be created on the machine "
                                   "it will be attached to")
                        .arg(vid)
                        .arg(h.machineId));
            auto created = createVolume(
                vid, v.value(QStringLiteral("size")).toInt(15), v.value(QStringLiteral("name")).toString());
            if (!created)
                return created.error();
            volumeId = *created;
        } else {
            const auto vol = m_volumes.constFind(vid);
            if (vol == m_volumes.constEnd())
                return vastError(404, "no_such_volume", QStringLiteral("Volume %1 not found.").arg(vid));
            if (vol->machineId != h.machineId)
                return vastError(400, "invalid_args",
                    QStringLiteral(
                        "volume V.%1 lives on machine %2; it can only be attached to instances on that machine")
                        .arg(vid)
                        .arg(vol->machineId));
            volumeId = vid;
        }
    }

    SimInstance inst;
    inst.id = m_nextInstanceId++;
    inst.machineId = h.machineId;
    inst.label = spec.label;
    inst.image = spec.image;
    inst.onstart = spec.onstart;
    inst.createdAt = m_clock->now().toSecsSinceEpoch();
    inst.runtype = spec.runtype.isEmpty() ? QStringLiteral("ssh ssh_direc ssh_proxy") : spec.runtype;
    inst.env = spec.env;
    inst.diskGb = spec.diskGb;
    inst.bid = spec.bid;
    inst.dphBase = h.dphPerGpu * offer.numGpus;
    inst.volumeId = volumeId;
    inst.mountPath = mountPath;
    inst.sshPort = 10000 + int(inst.id % 50000);
    for (const SimAccountKey &k : std::as_const(m_accountKeys))
        inst.sshKeys.append(k.key);
    inst.instanceApiKey = QUuid::createUuidV5(QUuid(), QString::number(inst.id) + QString::number(m_options.seed))
                              .toString(QUuid::Id128);
    for (int g = 0; g < h.gpuHolder.size() && inst.gpus.size() < offer.numGpus; ++g) {
        if (h.gpuHolder[g] == 0)
            inst.gpus.append(g);
    }
    if (volumeId)
        m_volumes[volumeId].instances.insert(inst.id);

    const double minBid = inst.dphBase * 0.45;
    const bool lowBid = spec.bid && *spec.bid < minBid;
    const qint64 id = inst.id;
    m_instances.insert(id, inst);
    SimInstance &stored = m_instances[id];
    Created result { id, inst.instanceApiKey, std::nullopt };
    if (lowBid || spec.targetState == u"stopped") {
        // Exists, bills storage, holds no GPU. A bid that is too low is created this way *and*
        // answered with an error that carries new_contract.
        stored.intended = stored.curState = stored.nextState = stored.actual = QStringLiteral("stopped");
        if (lowBid) {
            stored.statusMsg = QStringLiteral("bid below minimum");
            result.error = vastError(400, "invalid_price",
                QStringLiteral("Your bid of %1 is below the minimum bid %2.").arg(*spec.bid).arg(minBid, 0, 'f', 4));
        }
    } else {
        beginBoot(stored, false);
    }
    qCInfo(lcSim) << "created instance" << id << "on machine" << h.machineId << "label" << spec.label;
    Q_EMIT instanceChanged(id);
    return result;
}

Status SimMarket::setState(qint64 id, const QString &state)
{
    auto it = m_instances.find(id);
    if (it == m_instances.end())
        return noSuchInstance(id);
    SimInstance &inst = *it;
    const SimHost &h = m_hosts[inst.machineId];
    if (state == u"stopped") {
        inst.intended = inst.nextState = QStringLiteral("stopped");
        if (!h.reachable())
            return okStatus(); // accepted; nothing can happen until the host is back
        ++inst.phase;
        inst.curState = QStringLiteral("stopped");
        inst.statusMsg.clear();
        releaseGpus(inst);
        const qint64 delay = std::exchange(inst.stopDelayMs, 0);
        schedule(id, delay > 0 ? delay : randomBetween(m_options.stopMinMs, m_options.stopMaxMs), [](SimInstance &i) {
            i.actual = QStringLiteral("stopped");
            i.directSshPort = 0;
            i.statusMsg = QStringLiteral("stopped");
        });
        tryScheduled(inst.machineId);
    } else if (state == u"running") {
        inst.intended = inst.nextState = QStringLiteral("running");
        if (!h.reachable())
            return okStatus();
        if (inst.curState != u"running")
            beginBoot(inst, true);
    } else {
        return vastError(400, "invalid_args", QStringLiteral("state must be running or stopped"));
    }
    Q_EMIT instanceChanged(id);
    return okStatus();
}

Status SimMarket::reboot(qint64 id)
{
    auto it = m_instances.find(id);
    if (it == m_instances.end())
        return noSuchInstance(id);
    if (it->curState != u"running" || !m_hosts[it->machineId].reachable())
        return vastError(400, "invalid_args", QStringLiteral("instance %1 is not running").arg(id));
    ++it->phase;
    it->actual = QStringLiteral("rebooting");
    schedule(id, randomBetween(5000, 15000), [](SimInstance &i) { i.actual = QStringLiteral("running"); });
    Q_EMIT instanceChanged(id);
    return okStatus();
}

Status SimMarket::destroy(qint64 id)
{
    auto it = m_instances.find(id);
    if (it == m_instances.end())
        return noSuchInstance(id);
    SimInstance inst = *it;
    m_instances.erase(it);
    if (inst.volumeId && m_volumes.contains(inst.volumeId))
        m_volumes[inst.volumeId].instances.remove(id);
    releaseGpus(inst);
    tryScheduled(inst.machineId);
    qCInfo(lcSim) << "destroyed instance" << id;
    Q_EMIT instanceChanged(id);
    return okStatus();
}

namespace {
bool isOpenSshPublicKey(const QString &key)
{
    static const QRegularExpression re(
        QStringLiteral("^(ssh-ed25519|ssh-rsa|ecdsa-sha2-nistp256) [A-Za-z0-9+/=]+( [^\\n]*)?$"));
    return re.match(key.trimmed()).hasMatch();
}
} // namespace

Result<SimAccountKey> SimMarket::addAccountKey(const QString &key)
{
    if (!isOpenSshPublicKey(key))
        return vastError(400, "invalid_args", QStringLiteral("not an OpenSSH public key"));
    SimAccountKey k;
    k.id = m_nextAccountKeyId++;
    k.key = key.trimmed();
    k.createdAt = m_clock->now().toSecsSinceEpoch();
    m_accountKeys.append(k);
    return k;
}

Status SimMarket::deleteAccountKey(qint64 keyId)
{
    for (qsizetype i = 0; i < m_accountKeys.size(); ++i) {
        if (m_accountKeys[i].id == keyId) {
            m_accountKeys.removeAt(i);
            return okStatus();
        }
    }
    return vastError(404, "not_found", QStringLiteral("SSH key %1 not found.").arg(keyId));
}

Status SimMarket::addSshKey(qint64 id, const QString &key)
{
    auto it = m_instances.find(id);
    if (it == m_instances.end())
        return noSuchInstance(id);
    if (!isOpenSshPublicKey(key))
        return vastError(400, "invalid_args", QStringLiteral("not an OpenSSH public key"));
    if (!it->sshKeys.contains(key.trimmed()))
        it->sshKeys.append(key.trimmed());
    Q_EMIT instanceChanged(id);
    return okStatus();
}

const SimInstance *SimMarket::instance(qint64 id) const
{
    auto it = m_instances.constFind(id);
    return it == m_instances.constEnd() ? nullptr : &*it;
}

QList<const SimInstance *> SimMarket::instances() const
{
    QList<const SimInstance *> out;
    for (const SimInstance &i : m_instances)
        out.append(&i);
    return out;
}

QJsonObject SimMarket::instanceJson(const SimInstance &inst) const
{
    const SimHost &h = m_hosts[inst.machineId];
    const bool running = inst.actual == u"running";
    const double storageHour = h.storageCost * inst.diskGb / 720.0;
    const double gpuHour = inst.curState == u"running" ? inst.dphBase : 0.0;
    const QString actual = !h.reachable() ? QStringLiteral("offline") : inst.actual;
    QJsonObject o {
        { QStringLiteral("id"), double(inst.id) },
        { QStringLiteral("machine_id"), double(inst.machineId) },
        { QStringLiteral("host_id"), double(h.hostId) },
        { QStringLiteral("label"), inst.label.isEmpty() ? QJsonValue() : QJsonValue(inst.label) },
        { QStringLiteral("actual_status"), actual.isEmpty() ? QJsonValue() : QJsonValue(actual) },
        { QStringLiteral("intended_status"), inst.intended },
        { QStringLiteral("cur_state"), inst.curState },
        { QStringLiteral("next_state"), inst.nextState },
        { QStringLiteral("status_msg"), inst.statusMsg.isEmpty() ? QJsonValue() : QJsonValue(inst.statusMsg) },
        { QStringLiteral("image_uuid"), inst.image },
        { QStringLiteral("image_runtype"), inst.runtype },
        { QStringLiteral("image_args"), QJsonArray() },
        { QStringLiteral("onstart"), inst.onstart },
        { QStringLiteral("num_gpus"), int(inst.gpus.size()) },
        { QStringLiteral("gpu_name"), h.gpuName },
        { QStringLiteral("gpu_ram"), h.gpuRamMb },
        { QStringLiteral("gpu_util"), running ? 0.0 : QJsonValue() },
        { QStringLiteral("disk_space"), double(inst.diskGb) },
        { QStringLiteral("dph_base"), inst.dphBase },
        { QStringLiteral("storage_cost"), h.storageCost },
        { QStringLiteral("storage_total_cost"), storageHour },
        { QStringLiteral("dph_total"), inst.dphBase + storageHour },
        { QStringLiteral("instance"),
            QJsonObject { { QStringLiteral("gpuCostPerHour"), gpuHour }, { QStringLiteral("diskHour"), storageHour },
                { QStringLiteral("totalHour"), gpuHour + storageHour } } },
        { QStringLiteral("is_bid"), inst.bid.has_value() },
        { QStringLiteral("min_bid"), inst.dphBase * 0.45 },
        { QStringLiteral("reliability2"), h.reliability },
        { QStringLiteral("geolocation"), h.geolocation },
        { QStringLiteral("static_ip"), false },
        { QStringLiteral("verification"), h.verified ? QStringLiteral("verified") : QStringLiteral("unverified") },
        // The contract's start, a number from creation on (the official CLI subtracts it from now).
        { QStringLiteral("start_date"), double(inst.startDate ? inst.startDate : inst.createdAt) },
        { QStringLiteral("end_date"), double(h.endDate) },
        { QStringLiteral("inet_up"), h.inetUp },
        { QStringLiteral("inet_down"), h.inetDown },
        // The real API adds a trailing newline to addresses.
        { QStringLiteral("local_ipaddrs"), QStringLiteral("10.0.0.5 172.17.0.2\n") },
    };
    if (!inst.sshHostOverride.isEmpty()) {
        // A real sshd stands in: direct connection to it, whatever the state (its own liveness decides).
        o.insert(QStringLiteral("public_ipaddr"), QString(inst.sshHostOverride + u'\n'));
        o.insert(QStringLiteral("ssh_host"), inst.sshHostOverride);
        o.insert(QStringLiteral("ssh_port"), running ? QJsonValue(inst.sshPortOverride) : QJsonValue());
        o.insert(QStringLiteral("ports"),
            running ? QJsonValue(QJsonObject { { QStringLiteral("22/tcp"),
                QJsonArray { QJsonObject { { QStringLiteral("HostIp"), QStringLiteral("0.0.0.0") },
                    { QStringLiteral("HostPort"), QString::number(inst.sshPortOverride) } } } } })
                    : QJsonValue());
    } else {
        o.insert(QStringLiteral("public_ipaddr"), QString(h.publicIp + u'\n'));
        o.insert(QStringLiteral("ssh_host"), QStringLiteral("ssh%1.simvast.invalid").arg(inst.id % 9 + 1));
        o.insert(QStringLiteral("ssh_port"), running ? QJsonValue(inst.sshPort) : QJsonValue());
        o.insert(QStringLiteral("ports"),
            running ? QJsonValue(QJsonObject { { QStringLiteral("22/tcp"),
                QJsonArray { QJsonObject { { QStringLiteral("HostIp"), QStringLiteral("0.0.0.0") },
                    { QStringLiteral("HostPort"), QString::number(inst.directSshPort) } } } } })
                    : QJsonValue());
    }
    QJsonArray volumes;
    if (inst.volumeId && m_volumes.contains(inst.volumeId)) {
        const SimVolume &v = m_volumes[inst.volumeId];
        volumes.append(QJsonObject { { QStringLiteral("id"), double(v.id) },
            { QStringLiteral("avail_space"), double(v.sizeGb) }, { QStringLiteral("total_space"), double(v.sizeGb) } });
    }
    o.insert(QStringLiteral("volume_info"), volumes);
    // The rest of the documented instance object, so that any client reading it (the official CLI
    // prints most of these) finds every field with the type the real API gives it.
    const int gpus = int(inst.gpus.size());
    const qint64 nowS = m_clock->now().toSecsSinceEpoch();
    QJsonArray extraEnv;
    for (auto it = inst.env.constBegin(); it != inst.env.constEnd(); ++it)
        extraEnv.append(QJsonArray { it.key(), it.value().toVariant().toString() });
    const int portBase = 20000 + int(inst.id % 10000) * 4;
    const qint64 remaining = qMax<qint64>(0, h.endDate - nowS);
    o.insert(QStringLiteral("bundle_id"), QJsonValue());
    o.insert(QStringLiteral("extra_env"), extraEnv);
    o.insert(QStringLiteral("jupyter_token"), inst.instanceApiKey.left(16));
    o.insert(QStringLiteral("ssh_idx"), QString::number(inst.id % 9 + 1));
    o.insert(QStringLiteral("direct_port_start"), running ? QJsonValue(portBase) : QJsonValue());
    o.insert(QStringLiteral("direct_port_end"), running ? QJsonValue(portBase + 2) : QJsonValue());
    o.insert(QStringLiteral("gpu_totalram"), h.gpuRamMb * gpus);
    o.insert(QStringLiteral("gpu_temp"), running ? QJsonValue(39.0) : QJsonValue());
    o.insert(QStringLiteral("cpu_cores_effective"), 4.0 * gpus);
    o.insert(QStringLiteral("cpu_util"), running ? QJsonValue(0.02) : QJsonValue());
    o.insert(QStringLiteral("cpu_ram"), 16000 * gpus);
    o.insert(QStringLiteral("mem_usage"), running ? QJsonValue(0.01) : QJsonValue());
    o.insert(QStringLiteral("mem_limit"), running ? QJsonValue(15.7 * gpus) : QJsonValue());
    o.insert(QStringLiteral("disk_usage"), running ? QJsonValue(0.05) : QJsonValue());
    o.insert(QStringLiteral("disk_util"), running ? QJsonValue(0.05) : QJsonValue());
    o.insert(QStringLiteral("search"),
        QJsonObject { { QStringLiteral("gpuCostPerHour"), inst.dphBase }, { QStringLiteral("diskHour"), storageHour },
            { QStringLiteral("totalHour"), inst.dphBase + storageHour } });
    o.insert(QStringLiteral("uptime_mins"),
        running && inst.startDate ? QJsonValue(double((nowS - inst.startDate) / 60)) : QJsonValue());
    o.insert(QStringLiteral("template_hash_id"), QJsonValue());
    o.insert(QStringLiteral("time_remaining"),
        QStringLiteral("%1 D %2 Hr").arg(remaining / 86400).arg((remaining % 86400) / 3600));
    return o;
}

QJsonObject SimMarket::volumeOfferJson(const SimHost &h) const
{
    return QJsonObject {
        { QStringLiteral("id"), double(h.volumeOfferId) },
        { QStringLiteral("ask_contract_id"), double(h.volumeOfferId) },
        { QStringLiteral("machine_id"), double(h.machineId) },
        { QStringLiteral("host_id"), double(h.hostId) },
        { QStringLiteral("disk_space"), h.diskSpaceGb },
        { QStringLiteral("storage_cost"), h.storageCost },
        { QStringLiteral("storage_total_cost"), h.storageCost / 720.0 },
        { QStringLiteral("reliability2"), h.reliability },
        { QStringLiteral("geolocation"), h.geolocation },
        { QStringLiteral("verified"), h.verified },
        { QStringLiteral("inet_up"), h.inetUp },
        { QStringLiteral("inet_down"), h.inetDown },
    };
}

Result<qint64> SimMarket::createVolume(qint64 volumeOfferId, int sizeGb, const QString &name)
{
    SimHost *h = nullptr;
    for (SimHost &candidate : m_hosts) {
        if (candidate.volumeOfferId == volumeOfferId)
            h = &candidate;
    }
    if (!h || !h->reachable())
        return vastError(404, "no_such_ask", QStringLiteral("Volume offer %1 is not available.").arg(volumeOfferId));
    static const QRegularExpression re(QStringLiteral("^[A-Za-z0-9_]{0,64}$"));
    if (!re.match(name).hasMatch())
        return vastError(400, "invalid_args", QStringLiteral("volume name must be letters, digits or _ (at most 64)"));
    if (sizeGb < 1 || sizeGb > h->diskSpaceGb)
        return vastError(400, "invalid_args", QStringLiteral("size must be between 1 and %1 GB").arg(h->diskSpaceGb));
    SimVolume v;
    v.id = m_nextVolumeId++;
    v.machineId = h->machineId;
    v.name = name.isEmpty() ? QStringLiteral("V_%1").arg(v.id) : name;
    v.sizeGb = sizeGb;
    v.startDate = m_clock->now().toSecsSinceEpoch();
    h->diskSpaceGb -= sizeGb;
    m_volumes.insert(v.id, v);
    return v.id;
}

Status SimMarket::deleteVolume(qint64 id)
{
    auto it = m_volumes.find(id);
    if (it == m_volumes.end())
        return vastError(404, "no_such_volume", QStringLiteral("Volume %1 not found.").arg(id));
    if (!it->instances.isEmpty())
        return vastError(400, "invalid_args",
            QStringLiteral("volume %1 is used by instance %2 (running or stopped); destroy it first")
                .arg(id)
                .arg(*it->instances.cbegin()));
    if (SimHost *h = host(it->machineId))
        h->diskSpaceGb += it->sizeGb;
    m_volumes.erase(it);
    return okStatus();
}

QJsonObject SimMarket::volumeJson(const SimVolume &v) const
{
    QJsonArray instances;
    for (qint64 i : v.instances)
        instances.append(double(i));
    const bool online = m_hosts.value(v.machineId).reachable();
    return QJsonObject { { QStringLiteral("id"), double(v.id) }, { QStringLiteral("label"), v.name },
        { QStringLiteral("disk_space"), double(v.sizeGb) },
        { QStringLiteral("status"),
            !online                     ? QStringLiteral("offline")
                : v.instances.isEmpty() ? QStringLiteral("available")
                                        : QStringLiteral("in_use") },
        { QStringLiteral("machine_id"), double(v.machineId) },
        { QStringLiteral("host_id"), double(m_hosts.value(v.machineId).hostId) },
        { QStringLiteral("instances"), instances }, { QStringLiteral("start_date"), double(v.startDate) } };
}

Status SimMarket::killInstance(qint64 id)
{
    auto it = m_instances.find(id);
    if (it == m_instances.end())
        return noSuchInstance(id);
    ++it->phase;
    // The container died; the contract (and its GPUs) remain, intended is still running.
    it->actual = QStringLiteral("exited");
    it->statusMsg = QStringLiteral("container exited unexpectedly (code 137)");
    Q_EMIT instanceChanged(id);
    return okStatus();
}

Status SimMarket::hangInstance(qint64 id, bool on)
{
    auto it = m_instances.find(id);
    if (it == m_instances.end())
        return noSuchInstance(id);
    it->hung = on;
    Q_EMIT instanceChanged(id);
    return okStatus();
}

Status SimMarket::killHost(qint64 machineId)
{
    SimHost *h = host(machineId);
    if (!h)
        return vastError(404, "not_found", QStringLiteral("no machine %1").arg(machineId));
    h->online = false;
    for (SimInstance &i : m_instances) {
        if (i.machineId == machineId) {
            ++i.phase; // pending boots never finish on a dead machine
            Q_EMIT instanceChanged(i.id);
        }
    }
    invalidateOffers(machineId);
    return okStatus();
}

Status SimMarket::reviveHost(qint64 machineId)
{
    SimHost *h = host(machineId);
    if (!h)
        return vastError(404, "not_found", QStringLiteral("no machine %1").arg(machineId));
    h->online = true;
    for (SimInstance &i : m_instances) {
        if (i.machineId != machineId)
            continue;
        if (i.intended == u"stopped" && i.curState == u"running") {
            i.curState = i.actual = QStringLiteral("stopped");
            releaseGpus(i);
        }
        Q_EMIT instanceChanged(i.id);
    }
    invalidateOffers(machineId);
    return okStatus();
}

Status SimMarket::slowStop(qint64 id, qint64 delayMs)
{
    auto it = m_instances.find(id);
    if (it == m_instances.end())
        return noSuchInstance(id);
    it->stopDelayMs = delayMs;
    return okStatus();
}

Status SimMarket::partitionHost(qint64 machineId, bool on)
{
    SimHost *h = host(machineId);
    if (!h)
        return vastError(404, "not_found", QStringLiteral("no machine %1").arg(machineId));
    h->partitioned = on;
    invalidateOffers(machineId);
    // Back in touch: what was asked meanwhile reaches the machine now.
    QList<std::pair<qint64, QString>> asked;
    for (const SimInstance &i : std::as_const(m_instances)) {
        if (i.machineId == machineId && !on && i.intended != i.curState)
            asked.append({ i.id, i.intended });
    }
    for (const auto &[id, state] : asked)
        setState(id, state);
    for (const SimInstance &i : std::as_const(m_instances)) {
        if (i.machineId == machineId)
            Q_EMIT instanceChanged(i.id);
    }
    Q_EMIT hostChanged(machineId);
    return okStatus();
}

Status SimMarket::rerentGpus(qint64 instanceId)
{
    auto it = m_instances.find(instanceId);
    if (it == m_instances.end())
        return noSuchInstance(instanceId);
    if (it->curState != u"stopped")
        return vastError(400, "invalid_args",
            QStringLiteral("instance %1 holds its GPUs; only a stopped one can lose them").arg(instanceId));
    SimHost &h = m_hosts[it->machineId];
    for (int g : std::as_const(it->gpus))
        h.gpuHolder[g] = -1;
    invalidateOffers(it->machineId);
    return okStatus();
}

Status SimMarket::outbid(qint64 instanceId)
{
    auto it = m_instances.find(instanceId);
    if (it == m_instances.end())
        return noSuchInstance(instanceId);
    if (!it->bid)
        return vastError(
            400, "invalid_args", QStringLiteral("instance %1 is on-demand; it cannot be outbid").arg(instanceId));
    ++it->phase;
    SimHost &h = m_hosts[it->machineId];
    for (int g : std::as_const(it->gpus))
        h.gpuHolder[g] = -1;
    it->intended = it->curState = it->nextState = it->actual = QStringLiteral("stopped");
    it->directSshPort = 0;
    it->statusMsg = QStringLiteral("outbid: a higher-priority renter took the GPU(s)");
    invalidateOffers(it->machineId);
    Q_EMIT instanceChanged(instanceId);
    return okStatus();
}

Status SimMarket::releaseOtherRenters(qint64 machineId)
{
    SimHost *h = host(machineId);
    if (!h)
        return vastError(404, "not_found", QStringLiteral("no machine %1").arg(machineId));
    for (qint64 &g : h->gpuHolder) {
        if (g == -1)
            g = 0;
    }
    invalidateOffers(machineId);
    tryScheduled(machineId);
    return okStatus();
}

void SimMarket::setChurn(double take, double release)
{
    m_options.churnTakeProbability = qBound(0.0, take, 1.0);
    m_options.churnReleaseProbability = qBound(0.0, release, 1.0);
}

void SimMarket::setSshOverride(qint64 instanceId, const QString &hostName, int port)
{
    auto it = m_instances.find(instanceId);
    if (it == m_instances.end())
        return;
    it->sshHostOverride = hostName;
    it->sshPortOverride = port;
    Q_EMIT instanceChanged(instanceId);
}

void SimMarket::churn()
{
    if (m_options.churnTakeProbability <= 0 && m_options.churnReleaseProbability <= 0)
        return;
    for (SimHost &h : m_hosts) {
        if (!h.online)
            continue;
        if (m_rng.generateDouble() < m_options.churnTakeProbability && h.freeGpus() > 0) {
            QList<int> free;
            for (int g = 0; g < h.gpuHolder.size(); ++g) {
                if (h.gpuHolder[g] == 0)
                    free.append(g);
            }
            h.gpuHolder[free[m_rng.bounded(int(free.size()))]] = -1;
            invalidateOffers(h.machineId);
        }
        if (m_rng.generateDouble() < m_options.churnReleaseProbability && h.gpuHolder.contains(-1)) {
            h.gpuHolder[h.gpuHolder.indexOf(-1)] = 0;
            invalidateOffers(h.machineId);
            tryScheduled(h.machineId);
        }
    }
}

QJsonObject SimMarket::stateJson() const
{
    QJsonArray hosts;
    for (const SimHost &h : m_hosts) {
        QJsonArray holders;
        for (qint64 g : h.gpuHolder)
            holders.append(double(g));
        hosts.append(QJsonObject { { QStringLiteral("machine_id"), double(h.machineId) },
            { QStringLiteral("gpu_name"), h.gpuName }, { QStringLiteral("num_gpus"), h.numGpus },
            { QStringLiteral("free_gpus"), h.freeGpus() }, { QStringLiteral("online"), h.online },
            { QStringLiteral("partitioned"), h.partitioned }, { QStringLiteral("dph_per_gpu"), h.dphPerGpu },
            { QStringLiteral("reliability"), h.reliability }, { QStringLiteral("verified"), h.verified },
            { QStringLiteral("gpu_holders"), holders },
            { QStringLiteral("volume_offer_id"), double(h.volumeOfferId) } });
    }
    QJsonArray instances;
    for (const SimInstance &i : m_instances) {
        QJsonObject o = instanceJson(i);
        QJsonArray gpus;
        for (int g : i.gpus)
            gpus.append(g);
        o.insert(QStringLiteral("sim_gpus"), gpus);
        o.insert(QStringLiteral("sim_hung"), i.hung);
        o.insert(QStringLiteral("sim_ssh_keys"), QJsonArray::fromStringList(i.sshKeys));
        instances.append(o);
    }
    QJsonArray volumes;
    for (const SimVolume &v : m_volumes)
        volumes.append(volumeJson(v));
    QJsonArray accountKeys;
    for (const SimAccountKey &k : m_accountKeys)
        accountKeys.append(QJsonObject { { QStringLiteral("id"), double(k.id) }, { QStringLiteral("key"), k.key } });
    return QJsonObject { { QStringLiteral("hosts"), hosts }, { QStringLiteral("instances"), instances },
        { QStringLiteral("volumes"), volumes }, { QStringLiteral("ssh_keys"), accountKeys },
        { QStringLiteral("credit"), m_credit }, { QStringLiteral("sim_time"), m_clock->now().toString(Qt::ISODate) } };
}

} // namespace gpufailover
