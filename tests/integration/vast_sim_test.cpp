// VastClient against the simulated Vast.ai over real HTTP on loopback. The simulator runs on a
// SystemClock at 1000x, so a 60 s instance start takes ~60 ms; the client shares that clock for
// its backoff and pacing. Every test ends by checking that nothing was left orphaned.
#include "core/clock.h"
#include "providers/vastclient.h"
#include "sim/simserver.h"

#include "support/testutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>

#include <gtest/gtest.h>

using namespace gpufailover;

namespace {

constexpr qint64 kBig = 501, kSmall = 502, kSolo = 503;

class VastSimTest : public ::testing::Test
{
protected:
    SystemClock clock { 1000.0 };
    std::unique_ptr<SimServer> sim;
    QNetworkAccessManager nam;
    std::unique_ptr<VastClient> client;

    void SetUp() override
    {
        SimOptions o;
        o.seed = 7;
        o.hosts = 0; // a market built by hand, so every test knows what is free
        sim = std::make_unique<SimServer>(&clock, o);
        addHost(kBig, 4, "RTX 4090", 0.40);
        addHost(kSmall, 2, "RTX 4090", 0.35);
        addHost(kSolo, 1, "RTX 3090", 0.20);
        ASSERT_TRUE(sim->listen().ok());
        VastClientConfig c;
        c.baseUrl = sim->url();
        c.transferTimeoutMs = 1500;
        c.totalTimeoutMs = 3000;
        c.jitterSeed = 1;
        client = std::make_unique<VastClient>(&nam, &clock, c);
        client->setApiKey(QString::fromLatin1(SimServer::kDefaultApiKey));
    }

    void addHost(qint64 machine, int gpus, const char *model, double price)
    {
        sim->market().addHost(SimHost::machine(
            machine, gpus, QString::fromLatin1(model), price, clock.now().toSecsSinceEpoch() + 86400 * 90));
    }

    std::optional<CloudInstance> show(qint64 id)
    {
        auto r = test::awaitResult<std::optional<CloudInstance>>(
            [&](auto done) { client->showInstance(id, nullptr, done); });
        EXPECT_TRUE(r.ok()) << r.error().message.toStdString();
        return r.ok() ? *r : std::nullopt;
    }

    // Polls the API (as the engine will) until the instance reports `status`.
    bool waitForStatus(qint64 id, const QString &status)
    {
        return test::waitUntil(
            [&] {
                const auto i = show(id);
                return i && i->actualStatus == status;
            },
            15000);
    }

    GpuOffer offerOn(qint64 machine, int gpus = 1)
    {
        vast::OfferQuery q;
        q.machineId = machine;
        q.minGpus = gpus;
        auto r = test::awaitResult<QList<GpuOffer>>([&](auto done) { client->searchOffers(q, nullptr, done); });
        EXPECT_TRUE(r.ok() && !r->isEmpty()) << "no offer on machine " << machine;
        if (!r.ok() || r->isEmpty())
            return {};
        for (const GpuOffer &o : *r) {
            if (o.numGpus == gpus)
                return o;
        }
        return r->first();
    }

    CreateInstanceRequest request(const QString &label)
    {
        CreateInstanceRequest req;
        req.image = QStringLiteral("pytorch/pytorch:2.4.0-cuda12.4-cudnn9-runtime");
        req.diskGb = 20;
        req.label = label;
        return req;
    }

    Result<qint64> create(qint64 offerId, const CreateInstanceRequest &req)
    {
        return test::awaitResult<qint64>([&](auto done) { client->createInstance(offerId, req, nullptr, done); });
    }

    QList<CloudInstance> listAll()
    {
        auto r = test::awaitResult<QList<CloudInstance>>([&](auto done) { client->listInstances(nullptr, done); });
        EXPECT_TRUE(r.ok()) << r.error().message.toStdString();
        return r.ok() ? *r : QList<CloudInstance>();
    }

    // What the market holds, read in-process: the ground truth, independent of the client.
    QStringList labelsInMarket() const
    {
        QStringList labels;
        for (const SimInstance *i : sim->market().instances())
            labels << i->label;
        labels.sort();
        return labels;
    }

    void destroyAll()
    {
        for (const CloudInstance &i : listAll())
            EXPECT_TRUE(test::awaitResult<Unit>([&](auto done) { client->destroyInstance(i.id, nullptr, done); }).ok());
        EXPECT_TRUE(labelsInMarket().isEmpty()) << labelsInMarket().join(u',').toStdString();
    }

    void fault(const QString &endpoint, const QString &mode, int count = -1, qint64 delayMs = 0)
    {
        sim->vast().addFault({ endpoint, mode, count, delayMs });
    }
};

} // namespace

TEST_F(VastSimTest, WarmPoolShapePrimaryAndStandbyShareAVolumeOnOneMachine)
{
    vast::OfferQuery q;
    q.minGpus = 2;
    q.gpuNames = { QStringLiteral("RTX 4090") };
    auto hosts = test::awaitResult<QList<HostGroup>>([&](auto done) { client->searchHosts(q, nullptr, done); });
    ASSERT_TRUE(hosts.ok()) << hosts.error().message.toStdString();
    ASSERT_EQ(hosts->size(), 2);
    EXPECT_EQ(hosts->at(0).machineId, kSmall); // cheaper per GPU
    EXPECT_EQ(hosts->at(0).freeGpus, 2);
    EXPECT_EQ(hosts->at(1).freeGpus, 4);
    const qint64 machine = hosts->at(0).machineId;

    auto volOffers
        = test::awaitResult<QList<VolumeOffer>>([&](auto done) { client->searchVolumeOffers(machine, nullptr, done); });
    ASSERT_TRUE(volOffers.ok() && volOffers->size() == 1);

    CreateInstanceRequest primaryReq = request(QStringLiteral("gpf-test-primary"));
    primaryReq.volume = VolumeAttachment { true, volOffers->first().id, 50, QStringLiteral("gpf_test"),
        QStringLiteral("/workspace") };
    const auto primary = create(offerOn(machine).id, primaryReq);
    ASSERT_TRUE(primary.ok()) << primary.error().message.toStdString();
    ASSERT_TRUE(waitForStatus(*primary, QStringLiteral("running")));
    const auto p = show(*primary);
    ASSERT_EQ(p->volumeIds.size(), 1);
    const qint64 volumeId = p->volumeIds.first();
    ASSERT_TRUE(p->ssh.has_value());
    EXPECT_TRUE(p->ssh->direct);
    EXPECT_FALSE(p->ssh->host.contains(u'\n'));

    CreateInstanceRequest standbyReq = request(QStringLiteral("gpf-test-standby"));
    standbyReq.volume = VolumeAttachment { false, volumeId, 0, {}, QStringLiteral("/workspace") };
    const auto standby = create(offerOn(machine).id, standbyReq);
    ASSERT_TRUE(standby.ok()) << standby.error().message.toStdString();
    ASSERT_TRUE(waitForStatus(*standby, QStringLiteral("running")));
    EXPECT_EQ(show(*standby)->machineId, machine);

    ASSERT_TRUE(test::awaitResult<Unit>([&](auto done) { client->stopInstance(*standby, nullptr, done); }).ok());
    ASSERT_TRUE(waitForStatus(*standby, QStringLiteral("stopped")));
    EXPECT_EQ(show(*standby)->intendedStatus, QStringLiteral("stopped"));
    EXPECT_FALSE(show(*standby)->ssh.has_value()); // ports are null while stopped

    // Failover shape: stop the primary, start the standby on the same volume.
    ASSERT_TRUE(test::awaitResult<Unit>([&](auto done) { client->stopInstance(*primary, nullptr, done); }).ok());
    ASSERT_TRUE(waitForStatus(*primary, QStringLiteral("stopped")));
    ASSERT_TRUE(test::awaitResult<Unit>([&](auto done) { client->startInstance(*standby, nullptr, done); }).ok());
    ASSERT_TRUE(waitForStatus(*standby, QStringLiteral("running")));

    const auto volumes = test::awaitResult<QList<CloudVolume>>([&](auto done) { client->listVolumes(nullptr, done); });
    ASSERT_TRUE(volumes.ok() && volumes->size() == 1);
    EXPECT_EQ(volumes->first().machineId, machine);
    EXPECT_EQ(volumes->first().instanceIds.size(), 2);
    // A volume in use (even by a stopped instance) cannot be deleted.
    const auto busy = test::awaitResult<Unit>([&](auto done) { client->deleteVolume(volumeId, nullptr, done); });
    ASSERT_FALSE(busy.ok());
    EXPECT_EQ(busy.error().code, vasterr::InvalidArgs);

    const auto listed = listAll();
    ASSERT_EQ(listed.size(), 2);
    destroyAll();
    EXPECT_FALSE(show(*primary).has_value()); // {"instances": null}
    EXPECT_TRUE(test::awaitResult<Unit>([&](auto done) {
        client->destroyInstance(*primary, nullptr, done);
    }).ok()); // already gone = done
    EXPECT_TRUE(test::awaitResult<Unit>([&](auto done) { client->deleteVolume(volumeId, nullptr, done); }).ok());
    EXPECT_TRUE(sim->market().volumes().isEmpty());

    // The client never touched the dead v0 list and never put the key in a URL.
    EXPECT_EQ(sim->vast().requestCount(QStringLiteral("list_v0")), 0);
    for (const auto &r : sim->vast().recentRequests()) {
        EXPECT_TRUE(r.hadAuthorizationHeader) << r.path.toStdString();
        EXPECT_FALSE(r.query.contains(QStringLiteral("api_key"))) << r.query.toStdString();
        EXPECT_FALSE(r.query.contains(QString::fromLatin1(SimServer::kDefaultApiKey)));
    }
}

TEST_F(VastSimTest, AVolumeCanOnlyBeAttachedOnItsOwnMachine)
{
    const auto volume = test::awaitResult<qint64>([&](auto done) {
        client->createVolume(sim->market().hosts()[kBig].volumeOfferId, 20, QStringLiteral("data"), nullptr, done);
    });
    ASSERT_TRUE(volume.ok()) << volume.error().message.toStdString();
    CreateInstanceRequest req = request(QStringLiteral("gpf-wrong-machine"));
    req.volume = VolumeAttachment { false, *volume, 0, {}, QStringLiteral("/workspace") };
    const auto r = create(offerOn(kSmall).id, req);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, vasterr::InvalidArgs);
    EXPECT_TRUE(r.error().message.contains(QStringLiteral("machine"))) << r.error().message.toStdString();
    EXPECT_TRUE(labelsInMarket().isEmpty());
    EXPECT_TRUE(test::awaitResult<Unit>([&](auto done) { client->deleteVolume(*volume, nullptr, done); }).ok());
}

TEST_F(VastSimTest, AnOfferRentedTwiceIsGoneTheSecondTime)
{
    const GpuOffer offer = offerOn(kSolo);
    ASSERT_TRUE(create(offer.id, request(QStringLiteral("gpf-first"))).ok());
    const auto second = create(offer.id, request(QStringLiteral("gpf-second")));
    ASSERT_FALSE(second.ok());
    EXPECT_EQ(second.error().code, vasterr::OfferGone);
    EXPECT_EQ(labelsInMarket(), QStringList { QStringLiteral("gpf-first") });
    destroyAll();
}

TEST_F(VastSimTest, ABadKeyIsAnAuthErrorAndIsNotRetried)
{
    client->setApiKey(QStringLiteral("not-a-real-key-000000"));
    const int before = sim->vast().requestCount(QStringLiteral("show"));
    const auto r
        = test::awaitResult<std::optional<CloudInstance>>([&](auto done) { client->showInstance(1, nullptr, done); });
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, vasterr::Auth);
    EXPECT_EQ(r.error().httpStatus, 401);
    EXPECT_EQ(sim->vast().requestCount(QStringLiteral("show")) - before, 1);
    // A 401 injected during an outage is the same typed error, never "instance gone".
    client->setApiKey(QString::fromLatin1(SimServer::kDefaultApiKey));
    fault(QStringLiteral("list"), QStringLiteral("401"));
    const auto list = test::awaitResult<QList<CloudInstance>>([&](auto done) { client->listInstances(nullptr, done); });
    ASSERT_FALSE(list.ok());
    EXPECT_EQ(list.error().code, vasterr::Auth);
}

TEST_F(VastSimTest, ARateLimitStormIsRiddenOutWithBackoff)
{
    fault(QStringLiteral("user"), QStringLiteral("429"), 2);
    const auto r = test::awaitResult<AccountInfo>([&](auto done) { client->currentUser(nullptr, done); });
    ASSERT_TRUE(r.ok()) << r.error().message.toStdString();
    EXPECT_DOUBLE_EQ(r->credit, 250.0);
    EXPECT_EQ(sim->vast().requestCount(QStringLiteral("user")), 3);

    fault(QStringLiteral("user"), QStringLiteral("429"));
    const auto limited = test::awaitResult<AccountInfo>([&](auto done) { client->currentUser(nullptr, done); });
    ASSERT_FALSE(limited.ok());
    EXPECT_EQ(limited.error().code, vasterr::RateLimited);
    EXPECT_EQ(sim->vast().requestCount(QStringLiteral("user")), 3 + client->config().maxAttempts); // bounded, no storm
}

TEST_F(VastSimTest, ServerErrorsOnReadsAreRetriedAndPersistentOnesTyped)
{
    fault(QStringLiteral("list"), QStringLiteral("503"), 2);
    EXPECT_TRUE(test::awaitResult<QList<CloudInstance>>([&](auto done) { client->listInstances(nullptr, done); }).ok());
    fault(QStringLiteral("list"), QStringLiteral("500"));
    const auto r = test::awaitResult<QList<CloudInstance>>([&](auto done) { client->listInstances(nullptr, done); });
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, vasterr::Server);
    EXPECT_EQ(r.error().httpStatus, 500);
}

TEST_F(VastSimTest, ACreateWhoseReplyIsLostIsFoundByLabelNotRentedTwice)
{
    fault(QStringLiteral("create"), QStringLiteral("lost_reply"), 1);
    const auto id = create(offerOn(kBig).id, request(QStringLiteral("gpf-lost-reply")));
    ASSERT_TRUE(id.ok()) << id.error().message.toStdString();
    EXPECT_EQ(labelsInMarket(), QStringList { QStringLiteral("gpf-lost-reply") });
    EXPECT_EQ(sim->market().instances().first()->id, *id);
    // Qt resends a request whose connection closed before any answer (even a PUT); the second
    // try finds the offer consumed. One resend at most, and still one instance.
    EXPECT_LE(sim->vast().requestCount(QStringLiteral("create")), 2);
    destroyAll();
}

TEST_F(VastSimTest, ACreateThatFailedWithoutEffectIsRetriedOnce)
{
    fault(QStringLiteral("create"), QStringLiteral("502"), 1);
    const auto id = create(offerOn(kBig).id, request(QStringLiteral("gpf-502")));
    ASSERT_TRUE(id.ok()) << id.error().message.toStdString();
    EXPECT_EQ(labelsInMarket(), QStringList { QStringLiteral("gpf-502") });
    EXPECT_EQ(sim->vast().requestCount(QStringLiteral("create")), 2);
    destroyAll();
}

TEST_F(VastSimTest, ALowBidErrorThatStillCreatedAnInstanceLeavesNoOrphan)
{
    CreateInstanceRequest req = request(QStringLiteral("gpf-low-bid"));
    req.bidPrice = 0.01;
    const auto r = create(offerOn(kBig).id, req);
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, vasterr::InvalidArgs);
    EXPECT_TRUE(test::waitUntil([&] { return labelsInMarket().isEmpty(); }))
        << labelsInMarket().join(u',').toStdString();
}

TEST_F(VastSimTest, AHungApiTimesOutWithATypedError)
{
    fault(QStringLiteral("show"), QStringLiteral("hang"));
    const auto r
        = test::awaitResult<std::optional<CloudInstance>>([&](auto done) { client->showInstance(5, nullptr, done); });
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, vasterr::Timeout);
}

TEST_F(VastSimTest, AnAnswerThatNeverEndsTimesOut)
{
    fault(QStringLiteral("search"), QStringLiteral("endless"));
    vast::OfferQuery q;
    const auto r = test::awaitResult<QList<GpuOffer>>([&](auto done) { client->searchOffers(q, nullptr, done); });
    ASSERT_FALSE(r.ok());
    EXPECT_TRUE(r.error().code == vasterr::Timeout || r.error().code == vasterr::TooLarge)
        << r.error().code.toStdString();
}

TEST_F(VastSimTest, MalformedAndOversizedAnswersAreRefusedCleanly)
{
    fault(QStringLiteral("show"), QStringLiteral("malformed"), 1);
    const auto bad
        = test::awaitResult<std::optional<CloudInstance>>([&](auto done) { client->showInstance(5, nullptr, done); });
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, vasterr::BadResponse);

    VastClientConfig small = client->config();
    small.maxSearchBodyBytes = 2000;
    VastClient tight(&nam, &clock, small);
    tight.setApiKey(QString::fromLatin1(SimServer::kDefaultApiKey));
    vast::OfferQuery q;
    q.verified = false;
    const auto big = test::awaitResult<QList<GpuOffer>>([&](auto done) { tight.searchOffers(q, nullptr, done); });
    ASSERT_FALSE(big.ok()) << "got " << (big.ok() ? big->size() : -1) << " offers";
    EXPECT_EQ(big.error().code, vasterr::TooLarge);
}

TEST_F(VastSimTest, AStandbyWhoseGpuWasReRentedStaysSchedulingUntilItFrees)
{
    const auto id = create(offerOn(kSolo).id, request(QStringLiteral("gpf-standby")));
    ASSERT_TRUE(id.ok());
    ASSERT_TRUE(waitForStatus(*id, QStringLiteral("running")));
    ASSERT_TRUE(test::awaitResult<Unit>([&](auto done) { client->stopInstance(*id, nullptr, done); }).ok());
    ASSERT_TRUE(waitForStatus(*id, QStringLiteral("stopped")));
    ASSERT_TRUE(sim->market().rerentGpus(*id).ok()); // someone else rents the GPU meanwhile

    ASSERT_TRUE(test::awaitResult<Unit>([&](auto done) { client->startInstance(*id, nullptr, done); }).ok());
    // Long past the 60 s start latency it is still not running.
    const qint64 t0 = clock.monotonicMs();
    ASSERT_TRUE(test::waitUntil([&] { return clock.monotonicMs() - t0 > 180000; }, 10000));
    auto i = show(*id);
    EXPECT_EQ(i->intendedStatus, QStringLiteral("running"));
    EXPECT_EQ(i->actualStatus, QStringLiteral("stopped"));
    EXPECT_TRUE(i->statusMsg.startsWith(QStringLiteral("Scheduling"))) << i->statusMsg.toStdString();

    ASSERT_TRUE(sim->market().releaseOtherRenters(kSolo).ok());
    EXPECT_TRUE(waitForStatus(*id, QStringLiteral("running")));
    destroyAll();
}

TEST_F(VastSimTest, KilledInstancesExitAndKilledHostsGoOffline)
{
    const auto a = create(offerOn(kBig).id, request(QStringLiteral("gpf-a")));
    const auto b = create(offerOn(kSmall).id, request(QStringLiteral("gpf-b")));
    ASSERT_TRUE(a.ok() && b.ok());
    ASSERT_TRUE(waitForStatus(*a, QStringLiteral("running")) && waitForStatus(*b, QStringLiteral("running")));

    ASSERT_TRUE(sim->market().killInstance(*a).ok());
    EXPECT_EQ(show(*a)->actualStatus, QStringLiteral("exited"));
    EXPECT_EQ(show(*a)->intendedStatus, QStringLiteral("running"));

    ASSERT_TRUE(sim->market().killHost(kSmall).ok());
    EXPECT_EQ(show(*b)->actualStatus, QStringLiteral("offline"));
    vast::OfferQuery q;
    q.machineId = kSmall;
    EXPECT_TRUE(
        test::awaitResult<QList<GpuOffer>>([&](auto done) { client->searchOffers(q, nullptr, done); })->isEmpty());
    // A stop on a dead host is accepted but never confirmed: the fence must not trust it.
    ASSERT_TRUE(test::awaitResult<Unit>([&](auto done) { client->stopInstance(*b, nullptr, done); }).ok());
    EXPECT_EQ(show(*b)->actualStatus, QStringLiteral("offline"));
    destroyAll();
}

TEST_F(VastSimTest, AnOutbidBidInstanceLooksStopped)
{
    CreateInstanceRequest req = request(QStringLiteral("gpf-bid"));
    req.bidPrice = 1.0;
    const auto id = create(offerOn(kSolo).id, req);
    ASSERT_TRUE(id.ok()) << id.error().message.toStdString();
    ASSERT_TRUE(waitForStatus(*id, QStringLiteral("running")));
    EXPECT_TRUE(show(*id)->isBid);
    ASSERT_TRUE(sim->market().outbid(*id).ok());
    const auto i = show(*id);
    EXPECT_EQ(i->actualStatus, QStringLiteral("stopped"));
    EXPECT_EQ(i->curState, QStringLiteral("stopped"));
    EXPECT_EQ(i->intendedStatus, QStringLiteral("stopped"));
    EXPECT_EQ(i->nextState, QStringLiteral("stopped"));
    destroyAll();
}

TEST_F(VastSimTest, TheV1ListIsFollowedAcrossPages)
{
    addHost(601, 8, "RTX 4090", 0.3);
    addHost(602, 8, "RTX 4090", 0.3);
    addHost(603, 8, "RTX 4090", 0.3);
    addHost(604, 8, "RTX 4090", 0.3);
    // Rent 30 single GPUs in-process (fast), then list them through the client.
    SimMarket &m = sim->market();
    int made = 0;
    while (made < 30) {
        const auto offers = m.offers();
        auto it = std::find_if(offers.begin(), offers.end(), [](const SimMarket::Offer &o) { return o.numGpus == 1; });
        ASSERT_NE(it, offers.end());
        SimMarket::CreateSpec spec;
        spec.image = QStringLiteral("img");
        spec.label = QStringLiteral("gpf-page-%1").arg(made++, 2, 10, QLatin1Char('0'));
        ASSERT_TRUE(m.createInstance(it->id, spec).ok());
    }
    const auto all = listAll();
    ASSERT_EQ(all.size(), 30);
    QSet<qint64> ids;
    for (const auto &i : all)
        ids.insert(i.id);
    EXPECT_EQ(ids.size(), 30);
    EXPECT_EQ(sim->vast().requestCount(QStringLiteral("list")), 2); // 25 + 5
    const auto one = test::awaitResult<std::optional<CloudInstance>>(
        [&](auto done) { client->findByLabel(QStringLiteral("gpf-page-17"), nullptr, done); });
    ASSERT_TRUE(one.ok() && one->has_value());
    EXPECT_EQ((*one)->label, QStringLiteral("gpf-page-17"));
    destroyAll();
}

TEST_F(VastSimTest, SshKeysAttachPerInstance)
{
    const auto id = create(offerOn(kBig).id, request(QStringLiteral("gpf-ssh")));
    ASSERT_TRUE(id.ok());
    const QString key = QStringLiteral(
        "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl gpufailover");
    ASSERT_TRUE(test::awaitResult<Unit>([&](auto done) { client->attachSshKey(*id, key, nullptr, done); }).ok());
    EXPECT_EQ(sim->market().instance(*id)->sshKeys, QStringList { key });
    const auto bad = test::awaitResult<Unit>(
        [&](auto done) { client->attachSshKey(*id, QStringLiteral("not a key"), nullptr, done); });
    ASSERT_FALSE(bad.ok());
    EXPECT_EQ(bad.error().code, vasterr::InvalidArgs);
    destroyAll();
}

TEST_F(VastSimTest, NoKeyMeansNoRequest)
{
    client->setApiKey({});
    const auto r = test::awaitResult<AccountInfo>([&](auto done) { client->currentUser(nullptr, done); });
    ASSERT_FALSE(r.ok());
    EXPECT_EQ(r.error().code, vasterr::NoApiKey);
    EXPECT_EQ(sim->vast().requestCount(QStringLiteral("user")), 0);
}

TEST(VastJsonFastPathOnTheMarket, AgreesWithQtsParserOnSimulatedPages)
{
    // Pages as the simulator serves them, over several seeds and both price types.
    for (quint32 seed : { 1u, 2u, 3u }) {
        SystemClock clock;
        SimOptions o;
        o.seed = seed;
        o.hosts = 200;
        SimMarket market(&clock, o);
        QJsonArray offers;
        for (const SimMarket::Offer &offer : market.offers())
            offers.append(market.offerJson(offer, 5 + int(seed), seed == 2));
        const QByteArray page = QJsonDocument(
            QJsonObject { { QStringLiteral("offers"),
                offers } }).toJson(seed == 3 ? QJsonDocument::Indented : QJsonDocument::Compact);
        const auto fast = vast::parseOffers(page);
        const auto dom = vast::parseOffersDom(page);
        ASSERT_TRUE(fast.ok() && dom.ok());
        ASSERT_EQ(fast->size(), offers.size());
        ASSERT_EQ(dom->size(), offers.size());
        for (qsizetype i = 0; i < fast->size(); ++i) {
            EXPECT_EQ(fast->at(i).id, dom->at(i).id);
            EXPECT_EQ(fast->at(i).gpuName, dom->at(i).gpuName);
            EXPECT_EQ(fast->at(i).geolocation, dom->at(i).geolocation);
            EXPECT_DOUBLE_EQ(fast->at(i).dphTotal, dom->at(i).dphTotal);
            EXPECT_DOUBLE_EQ(fast->at(i).reliability, dom->at(i).reliability);
            EXPECT_EQ(fast->at(i).volumeOfferId, dom->at(i).volumeOfferId);
        }
    }
}

// The engine's key on the account: registered once however often the engine starts (found again
// by its key material, whatever its comment), and, as on Vast, reaching only instances created
// after it. A lost reply or a 5xx on the registration is an error, never a silent success.
TEST_F(VastSimTest, TheAccountKeyIsRegisteredOnceAndReachesOnlyLaterInstances)
{
    const auto before = create(offerOn(kSolo).id, request(QStringLiteral("before-key")));
    ASSERT_TRUE(before.ok()) << before.error().message.toStdString();

    const QString key
        = QStringLiteral("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIBu0mCRl5oHMeR2r2uVn2kD1Qm1m0cZ3K1x1pIHqT4Zr");
    const auto first = test::awaitResult<qint64>(
        [&](auto done) { client->ensureAccountKey(key + QStringLiteral(" gpufailover"), nullptr, done); });
    ASSERT_TRUE(first.ok()) << first.error().message.toStdString();
    const auto again = test::awaitResult<qint64>(
        [&](auto done) { client->ensureAccountKey(key + QStringLiteral(" other-comment"), nullptr, done); });
    ASSERT_TRUE(again.ok()) << again.error().message.toStdString();
    EXPECT_EQ(*again, *first);
    ASSERT_EQ(sim->market().accountKeys().size(), 1);
    EXPECT_EQ(sim->market().accountKeys().first().id, *first);

    const auto after = create(offerOn(kBig).id, request(QStringLiteral("after-key")));
    ASSERT_TRUE(after.ok()) << after.error().message.toStdString();
    EXPECT_TRUE(sim->market().instance(*before)->sshKeys.isEmpty()) << "account keys are not retroactive";
    ASSERT_EQ(sim->market().instance(*after)->sshKeys.size(), 1);
    EXPECT_TRUE(sim->market().instance(*after)->sshKeys.first().startsWith(key));

    sim->market().deleteAccountKey(*first);
    fault(QStringLiteral("account_ssh"), QStringLiteral("500"));
    const auto failed = test::awaitResult<qint64>([&](auto done) { client->ensureAccountKey(key, nullptr, done); });
    EXPECT_FALSE(failed.ok());
    EXPECT_TRUE(sim->market().accountKeys().isEmpty());
    sim->vast().clearFaults();
    const auto bad = test::awaitResult<qint64>(
        [&](auto done) { client->ensureAccountKey(QStringLiteral("not a key"), nullptr, done); });
    EXPECT_FALSE(bad.ok());
    destroyAll();
}

// The requests Vast's official CLI (vast-ai/vast-cli 1.5) sends, byte for byte as it serializes
// them (nulls for every option not given), and the answers it reads: a tool written against the
// simulator must also work against the real API, and the other way round.
TEST_F(VastSimTest, TheOfficialCliRequestsAreAnsweredAsTheRealApiAnswersThem)
{
    struct Raw
    {
        int status = 0;
        QByteArray contentType;
        QJsonDocument json;
    };
    const auto send = [&](const QByteArray &method, const QString &pathAndQuery, const QByteArray &body = {}) {
        QNetworkRequest r(QUrl(sim->url().toString() + pathAndQuery));
        r.setRawHeader("Authorization", QByteArray("Bearer ") + SimServer::kDefaultApiKey);
        r.setRawHeader("User-Agent", "vastai-cli/1.5.2");
        if (method != "GET")
            r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = nam.sendCustomRequest(r, method, body);
        test::waitUntil([&] { return reply->isFinished(); });
        Raw out;
        out.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        out.contentType = reply->rawHeader("Content-Type");
        out.json = QJsonDocument::fromJson(reply->readAll());
        reply->deleteLater();
        return out;
    };

    // search offers: the CLI reads the offers only under exactly this content type; numbers typed
    // in its query go out as strings, and "interruptible" is "bid".
    const QByteArray defaults = R"({"verified": {"eq": true}, "external": {"eq": false}, "rentable": {"eq": true}, )";
    const Raw search = send("POST", QStringLiteral("/api/v0/bundles/"),
        defaults + R"("order": [["score", "desc"]], "type": "on-demand", "allocated_storage": 5.0})");
    ASSERT_EQ(search.status, 200);
    EXPECT_EQ(search.contentType, QByteArrayLiteral("application/json"));
    const QJsonArray offers = search.json.object().value(QStringLiteral("offers")).toArray();
    ASSERT_FALSE(offers.isEmpty());
    const Raw typed = send("POST", QStringLiteral("/api/v0/bundles/"),
        defaults
            + R"("gpu_name": {"eq": "RTX 4090"}, "num_gpus": {"eq": "1"}, "reliability": {"gt": "0.5"}, "gpu_ram": {"gte": 20000.0}, )"
              R"("order": [["dph_total", "asc"], ["num_gpus", "desc"]], "type": "bid", "limit": 10, "allocated_storage": 5.0})");
    ASSERT_EQ(typed.status, 200) << typed.json.toJson().toStdString();
    const QJsonArray bids = typed.json.object().value(QStringLiteral("offers")).toArray();
    ASSERT_FALSE(bids.isEmpty());
    for (const QJsonValue &o : bids) {
        EXPECT_EQ(o.toObject().value(QStringLiteral("gpu_name")).toString(), QStringLiteral("RTX 4090"));
        EXPECT_EQ(o.toObject().value(QStringLiteral("num_gpus")).toInt(), 1);
    }
    const qint64 offerId = bids.first().toObject().value(QStringLiteral("id")).toInteger();
    const qint64 secondOffer = bids.size() > 1 ? bids.at(1).toObject().value(QStringLiteral("id")).toInteger() : 0;
    ASSERT_GT(secondOffer, 0);

    // create instance, on demand and interruptible: the 17 keys, unset ones null.
    const auto createBody = [](const char *price, const char *disk) -> QByteArray {
        return QByteArray(R"({"client_id": "me", "image": "pytorch/pytorch", "env": {}, "price": )") + price
            + R"(, "disk": )" + disk
            + R"(, "label": null, "extra": null, "onstart": null, "image_login": null, "python_utf8": false, )"
              R"("lang_utf8": false, "use_jupyter_lab": false, "jupyter_dir": null, "force": false, )"
              R"("cancel_unavail": false, "template_hash_id": null, "user": null, "runtype": "ssh"})";
    };
    const Raw onDemand = send("PUT", QStringLiteral("/api/v0/asks/%1/").arg(offerId), createBody("null", "10"));
    ASSERT_EQ(onDemand.status, 200) << onDemand.json.toJson().toStdString();
    EXPECT_TRUE(onDemand.json.object().value(QStringLiteral("success")).toBool());
    const qint64 id = onDemand.json.object().value(QStringLiteral("new_contract")).toInteger();
    ASSERT_GT(id, 0);
    const Raw bid = send("PUT", QStringLiteral("/api/v0/asks/%1/").arg(secondOffer), createBody("0.9", "40.0"));
    ASSERT_EQ(bid.status, 200) << bid.json.toJson().toStdString();
    const qint64 bidId = bid.json.object().value(QStringLiteral("new_contract")).toInteger();

    // show instance: one object under "instances", with every field of the documented instance
    // object; the CLI computes from start_date and extra_env, so those must have their types.
    const QStringList documented = QStringLiteral(
        "id machine_id host_id bundle_id label actual_status intended_status cur_state next_state status_msg "
        "image_uuid image_runtype image_args extra_env onstart jupyter_token ssh_host ssh_port ssh_idx public_ipaddr "
        "local_ipaddrs direct_port_start direct_port_end ports num_gpus gpu_name gpu_ram gpu_totalram gpu_util "
        "gpu_temp cpu_cores_effective cpu_util cpu_ram mem_usage mem_limit disk_space disk_usage disk_util inet_up "
        "inet_down dph_base dph_total storage_cost storage_total_cost is_bid min_bid search instance start_date "
        "end_date uptime_mins reliability2 geolocation static_ip verification template_hash_id volume_info "
        "time_remaining")
                                       .split(u' ');
    const auto checkObject = [&](const QJsonObject &o) {
        for (const QString &field : documented)
            EXPECT_TRUE(o.contains(field)) << "missing " << field.toStdString();
        EXPECT_TRUE(o.value(QStringLiteral("start_date")).isDouble()) << "the CLI subtracts it from now";
        EXPECT_TRUE(o.value(QStringLiteral("extra_env")).isArray());
        EXPECT_TRUE(o.value(QStringLiteral("search")).isObject());
    };
    const Raw shown = send("GET", QStringLiteral("/api/v0/instances/%1/?owner=me").arg(id));
    ASSERT_EQ(shown.status, 200);
    const QJsonObject instance = shown.json.object().value(QStringLiteral("instances")).toObject();
    checkObject(instance);
    EXPECT_FALSE(instance.value(QStringLiteral("is_bid")).toBool());
    EXPECT_TRUE(send("GET", QStringLiteral("/api/v0/instances/%1/?owner=me").arg(bidId))
                    .json.object()
                    .value(QStringLiteral("instances"))
                    .toObject()
                    .value(QStringLiteral("is_bid"))
                    .toBool());

    // show instances (v1), as --raw asks for every page, and as the table asks for its columns.
    const QString list
        = QStringLiteral("/api/v1/instances/?select_filters=%7B%7D&order_by=%5B%7B%22col%22%3A+%22id%22%2C+"
                         "%22dir%22%3A+%22asc%22%7D%5D&limit=25");
    const Raw listed = send("GET", list);
    ASSERT_EQ(listed.status, 200) << listed.json.toJson().toStdString();
    const QJsonObject page = listed.json.object();
    ASSERT_EQ(page.value(QStringLiteral("instances")).toArray().size(), 2);
    EXPECT_EQ(page.value(QStringLiteral("total_instances")).toInt(), 2);
    EXPECT_TRUE(page.value(QStringLiteral("label_counts")).isObject());
    EXPECT_TRUE(page.contains(QStringLiteral("next_token")));
    checkObject(page.value(QStringLiteral("instances")).toArray().first().toObject());
    const Raw columns = send("GET",
        list
            + QStringLiteral("&select_cols=%5B%22id%22%2C+%22actual_status%22%2C+%22label%22%2C+%22num_gpus%22%2C+"
                             "%22gpu_name%22%2C+%22start_date%22%5D"));
    ASSERT_EQ(columns.status, 200);
    const QJsonObject row = columns.json.object().value(QStringLiteral("instances")).toArray().first().toObject();
    EXPECT_EQ(row.keys().join(u' '), QStringLiteral("actual_status gpu_name id label num_gpus start_date"));

    // stop and start, one instance and in bulk; destroy, one and in bulk.
    const auto success
        = [](const Raw &r) { return r.status == 200 && r.json.object().value(QStringLiteral("success")).toBool(); };
    ASSERT_TRUE(waitForStatus(id, QStringLiteral("running")));
    EXPECT_TRUE(success(send("PUT", QStringLiteral("/api/v0/instances/%1/").arg(id), R"({"state": "stopped"})")));
    ASSERT_TRUE(waitForStatus(id, QStringLiteral("stopped")));
    EXPECT_TRUE(success(send("PUT", QStringLiteral("/api/v0/instances/%1/").arg(id), R"({"state": "running"})")));
    ASSERT_TRUE(waitForStatus(id, QStringLiteral("running")));
    EXPECT_TRUE(success(send("PUT", QStringLiteral("/api/v0/instances/"),
        QStringLiteral(R"({"state": "stopped", "ids": [%1, %2]})").arg(id).arg(bidId).toUtf8())));
    ASSERT_TRUE(waitForStatus(id, QStringLiteral("stopped")));
    EXPECT_EQ(sim->market().instance(bidId)->intended, QStringLiteral("stopped"));
    EXPECT_TRUE(success(send("DELETE", QStringLiteral("/api/v0/instances/%1/").arg(id), "{}")));
    EXPECT_TRUE(success(send("DELETE", QStringLiteral("/api/v0/instances/"),
        QStringLiteral(R"({"instance_ids": [%1]})").arg(bidId).toUtf8())));
    EXPECT_TRUE(labelsInMarket().isEmpty());
    const Raw gone = send("GET", QStringLiteral("/api/v0/instances/%1/?owner=me").arg(id));
    EXPECT_TRUE(gone.json.object().contains(QStringLiteral("instances")));
    EXPECT_TRUE(gone.json.object().value(QStringLiteral("instances")).isNull());

    // Volumes: listed without a trailing slash, created from a volume offer, deleted by ?id=.
    const Raw volumeOffers = send("POST", QStringLiteral("/api/v0/volumes/search/"), "{}");
    ASSERT_EQ(volumeOffers.status, 200) << volumeOffers.json.toJson().toStdString();
    const qint64 volumeOffer = volumeOffers.json.object()
                                   .value(QStringLiteral("offers"))
                                   .toArray()
                                   .first()
                                   .toObject()
                                   .value(QStringLiteral("id"))
                                   .toInteger();
    const Raw made = send("PUT", QStringLiteral("/api/v0/volumes/"),
        QStringLiteral(R"({"size": 15, "id": %1, "name": "myvol"})").arg(volumeOffer).toUtf8());
    ASSERT_TRUE(success(made)) << made.json.toJson().toStdString();
    const Raw volumes = send("GET", QStringLiteral("/api/v0/volumes?owner=me&type=all_volume"));
    ASSERT_EQ(volumes.status, 200) << volumes.json.toJson().toStdString();
    const QJsonArray vols = volumes.json.object().value(QStringLiteral("volumes")).toArray();
    ASSERT_EQ(vols.size(), 1);
    EXPECT_TRUE(vols.first().toObject().value(QStringLiteral("start_date")).isDouble());
    const qint64 volumeId = vols.first().toObject().value(QStringLiteral("id")).toInteger();
    EXPECT_TRUE(success(send("DELETE", QStringLiteral("/api/v0/volumes/?id=%1").arg(volumeId), "{}")));
    EXPECT_TRUE(send("GET", QStringLiteral("/api/v0/volumes?owner=me&type=all_volume"))
                    .json.object()
                    .value(QStringLiteral("volumes"))
                    .toArray()
                    .isEmpty());

    // show user, without a trailing slash: the old CLI pops api_key without a default.
    const Raw user = send("GET", QStringLiteral("/api/v0/users/current"));
    ASSERT_EQ(user.status, 200) << user.json.toJson().toStdString();
    EXPECT_TRUE(user.json.object().contains(QStringLiteral("api_key")));
    EXPECT_TRUE(user.json.object().value(QStringLiteral("credit")).isDouble());
    EXPECT_FALSE(user.json.object().value(QStringLiteral("email")).toString().isEmpty());
}
