#pragma once

#include "core/result.h"

#include <QHash>
#include <QJsonObject>
#include <QList>
#include <QMap>
#include <QObject>
#include <QRandomGenerator>
#include <QSet>

#include <memory>
#include <optional>

namespace gpufailover {

class Clock;
class ClockTimer;

// One physical Vast.ai machine of the simulated marketplace.
struct SimHost
{
    qint64 machineId = 0;
    qint64 hostId = 0;
    QString gpuName;
    int numGpus = 0;
    int gpuRamMb = 0;
    double dphPerGpu = 0;
    double storageCost = 0; // $/GB-month
    double reliability = 0;
    QString geolocation;
    bool verified = true;
    double inetUp = 0, inetDown = 0, inetUpCost = 0, inetDownCost = 0;
    double cudaMaxGood = 0;
    int computeCap = 0;
    double diskSpaceGb = 0;
    QString publicIp;
    qint64 endDate = 0; // unix s
    bool online = true;
    // Cut off from the provider's control plane: the API says offline and nothing it is asked
    // reaches the machine, while the machine and its instances run on.
    bool partitioned = false;
    bool reachable() const { return online && !partitioned; }
    // Per GPU: 0 free, -1 another renter, > 0 the instance holding it.
    QList<qint64> gpuHolder;
    qint64 volumeOfferId = 0;
    int freeGpus() const { return int(gpuHolder.count(0)); }

    // A verified machine with sensible defaults, for markets built by hand (tests, the demo).
    static SimHost machine(qint64 machineId, int gpus, const QString &model, double pricePerGpu, qint64 endDate);
};

struct SimInstance
{
    qint64 id = 0;
    qint64 machineId = 0;
    QString label, image, onstart, runtype;
    QJsonObject env;
    int diskGb = 10;
    std::optional<double> bid;
    QList<int> gpus; // the GPU indices it runs on (kept while stopped: a restart needs the same ones)
    QString actual; // empty = null (provisioning)
    QString intended = QStringLiteral("running");
    QString curState = QStringLiteral("running");
    QString nextState = QStringLiteral("running");
    QString statusMsg;
    qint64 startDate = 0; // unix s, first running
    qint64 createdAt = 0; // unix s
    qint64 volumeId = 0;
    QString mountPath;
    int sshPort = 0; // proxy port on the ssh host
    int directSshPort = 0; // host port mapped to 22 while running
    bool hung = false;
    qint64 stopDelayMs = 0; // > 0: the next stop takes this long (a slow host)
    QString instanceApiKey;
    QStringList sshKeys;
    int phase = 0; // bumps on every transition; stale timers compare it
    double dphBase = 0;
    QString sshHostOverride; // a real test host (sshd) standing in for this instance
    int sshPortOverride = 0;
};

// A key registered on the account (POST /api/v0/ssh/). As Vast's guide says, account keys reach
// only instances created after them; an existing instance needs its own (addSshKey).
struct SimAccountKey
{
    qint64 id = 0;
    QString key;
    qint64 createdAt = 0; // unix s
};

struct SimVolume
{
    qint64 id = 0;
    qint64 machineId = 0;
    QString name;
    int sizeGb = 0;
    QSet<qint64> instances;
    qint64 startDate = 0;
};

struct SimOptions
{
    quint32 seed = 1;
    int hosts = 40;
    // Simulated ms. Real Vast: create/load 30–60 s, start of a stopped instance 30–60 s.
    qint64 createMinMs = 30000, createMaxMs = 60000;
    qint64 startMinMs = 30000, startMaxMs = 60000;
    qint64 stopMinMs = 2000, stopMaxMs = 6000;
    // Other renters: every churnIntervalMs each host may lose a free GPU or get one back.
    qint64 churnIntervalMs = 60000;
    double churnTakeProbability = 0; // 0 = a quiet market (tests); the demo turns it up
    double churnReleaseProbability = 0;
    double credit = 250.0;
};

// The simulated Vast.ai marketplace: hosts, offers derived from free GPUs,
// instances with Vast's status fields and latencies, volumes bound to one machine, and the
// failures seen in the field. Deterministic from the seed; time comes from the injected Clock.
class SimMarket final : public QObject
{
    Q_OBJECT
public:
    SimMarket(Clock *clock, SimOptions options, QObject *parent = nullptr);
    ~SimMarket() override;

    struct Offer
    {
        qint64 id;
        qint64 machineId;
        int numGpus;
    };

    // Marketplace
    QList<Offer> offers() const;
    QJsonObject offerJson(const Offer &offer, int allocatedStorageGb, bool bidPrices) const;
    const QMap<qint64, SimHost> &hosts() const { return m_hosts; }
    SimHost *host(qint64 machineId);
    qint64 addHost(SimHost host); // tests and scenarios build the market they need

    // Instances. Errors carry the Vast error code in Error::code and the HTTP status.
    struct CreateSpec
    {
        QString image;
        int diskGb = 10;
        QString label, onstart, runtype;
        QJsonObject env;
        std::optional<double> bid;
        bool cancelUnavail = true;
        QString targetState = QStringLiteral("running");
        std::optional<QJsonObject> volumeInfo;
    };
    struct Created
    {
        qint64 instanceId = 0;
        QString instanceApiKey;
        std::optional<Error> error; // set when Vast answers an error yet the instance exists
    };
    Result<Created> createInstance(qint64 offerId, const CreateSpec &spec);
    Status setState(qint64 id, const QString &state);
    Status reboot(qint64 id);
    Status destroy(qint64 id);
    Status addSshKey(qint64 id, const QString &key);
    Result<SimAccountKey> addAccountKey(const QString &key);
    Status deleteAccountKey(qint64 keyId);
    const QList<SimAccountKey> &accountKeys() const { return m_accountKeys; }
    const SimInstance *instance(qint64 id) const;
    QList<const SimInstance *> instances() const;
    QJsonObject instanceJson(const SimInstance &inst) const;

    // Volumes
    QJsonObject volumeOfferJson(const SimHost &host) const;
    Result<qint64> createVolume(qint64 volumeOfferId, int sizeGb, const QString &name);
    Status deleteVolume(qint64 id);
    const QMap<qint64, SimVolume> &volumes() const { return m_volumes; }
    QJsonObject volumeJson(const SimVolume &v) const;

    double credit() const { return m_credit; }

    // Faults, also reachable over HTTP under /_sim/.
    Status killInstance(qint64 id); // the container dies: exited
    Status hangInstance(qint64 id, bool on); // API says running, nothing answers
    Status slowStop(qint64 id, qint64 delayMs); // its next stop takes delayMs
    Status killHost(qint64 machineId); // the machine goes offline with everything on it
    Status reviveHost(qint64 machineId);
    Status partitionHost(qint64 machineId, bool on);
    Status rerentGpus(qint64 instanceId); // another renter takes a stopped instance's GPUs
    Status outbid(qint64 instanceId); // a bid instance loses its GPUs to a higher bidder
    Status releaseOtherRenters(qint64 machineId);
    void setChurn(double take, double release);
    void setSshOverride(qint64 instanceId, const QString &host, int port);

    QJsonObject stateJson() const;

Q_SIGNALS:
    void instanceChanged(qint64 id);
    void hostChanged(qint64 machineId);

private:
    void generate();
    void invalidateOffers(qint64 machineId);
    void schedule(qint64 instanceId, qint64 delayMs, std::function<void(SimInstance &)> step);
    qint64 randomBetween(qint64 lo, qint64 hi);
    void beginBoot(SimInstance &inst, bool fromStopped);
    void tryScheduled(qint64 machineId);
    void releaseGpus(SimInstance &inst);
    void churn();

    Clock *m_clock;
    SimOptions m_options;
    QRandomGenerator m_rng;
    QMap<qint64, SimHost> m_hosts;
    QMap<qint64, SimInstance> m_instances;
    QMap<qint64, SimVolume> m_volumes;
    mutable QHash<qint64, Offer> m_offerIndex; // live offer id → offer
    mutable QHash<qint64, QList<qint64>> m_hostOffers; // machine → its live offer ids
    mutable qint64 m_nextOfferId = 5'000'000;
    qint64 m_nextInstanceId = 9'000'000;
    qint64 m_nextVolumeId = 30'000'000;
    double m_credit;
    QList<SimAccountKey> m_accountKeys;
    qint64 m_nextAccountKeyId = 31000;
    std::unique_ptr<ClockTimer> m_churnTimer;
};

} // namespace gpufailover
