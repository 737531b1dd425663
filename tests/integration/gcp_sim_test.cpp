// GcpClient against the simulated GCP over real HTTP on loopback: the service-account token
// flow (RS256 JWT checked by the simulator) and Compute VMs with asynchronous operations. The
// simulator and the client share a SystemClock at 1000x, so a 25 s VM creation takes ~25 ms
// and an access token (3599 s) lives ~3.6 s.
#include "core/clock.h"
#include "providers/gcpclient.h"
#include "sim/simserver.h"

#include "support/testutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrlQuery>

#include <gtest/gtest.h>

using namespace gpufailover;

namespace {

const QString kZoneA = QStringLiteral("us-central1-a"), kZoneB = QStringLiteral("us-central1-b"),
              kZoneC = QStringLiteral("us-east1-b");

class GcpSimTest : public ::testing::Test
{
protected:
    SystemClock clock { 1000.0 };
    std::unique_ptr<SimServer> sim;
    QNetworkAccessManager nam;
    std::unique_ptr<GcpClient> client;
    GcpServiceAccount account;

    void SetUp() override
    {
        SimOptions o;
        o.hosts = 0;
        sim = std::make_unique<SimServer>(&clock, o);
        ASSERT_TRUE(sim->listen().ok());
        account = sim->gcp().issueServiceAccount(QStringLiteral("gpf-project"));
        GcpClientConfig c;
        c.computeUrl = sim->url();
        c.transferTimeoutMs = 2000;
        c.totalTimeoutMs = 4000;
        c.operationPollMs = 1000; // simulated
        client = std::make_unique<GcpClient>(&nam, &clock, c);
        // The key goes through its JSON form, as it comes out of the keychain.
        const auto parsed = GcpServiceAccount::fromJson(account.toJson());
        ASSERT_TRUE(parsed.ok()) << parsed.error().message.toStdString();
        client->setServiceAccount(*parsed);
    }

    GcpVmSpec spec(const QString &name)
    {
        GcpVmSpec s;
        s.name = name;
        s.sshPublicKey = QStringLiteral("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGpfTestKeyOnly gpufailover");
        s.startupScript = QStringLiteral("#!/bin/sh\nmkdir -p /srv/gpufailover\n");
        s.labels = { { QStringLiteral("managed-by"), QStringLiteral("gpufailover") },
            { QStringLiteral("pool"), QStringLiteral("demo") } };
        return s;
    }
    Result<GcpVm> create(const QString &name, const QStringList &zones)
    {
        return test::awaitResult<GcpVm>([&](auto done) { client->createVm(spec(name), zones, nullptr, done); }, 20000);
    }
    std::optional<GcpVm> get(const QString &zone, const QString &name)
    {
        const auto r = test::awaitResult<std::optional<GcpVm>>(
            [&](auto done) { client->getVm(zone, name, nullptr, done); }, 20000);
        EXPECT_TRUE(r.ok()) << r.error().message.toStdString();
        return r.ok() ? *r : std::nullopt;
    }
    Result<Unit> op(const std::function<void(GcpClient::Done<Unit>)> &call)
    {
        return test::awaitResult<Unit>(call, 20000);
    }
    // POSTs an assertion to the token endpoint ourselves, to see what the simulator says.
    QJsonObject postAssertion(const QByteArray &assertion, int *status)
    {
        QNetworkRequest r(QUrl(account.tokenUri));
        r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/x-www-form-urlencoded"));
        QNetworkReply *reply
            = nam.post(r, "grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer&assertion=" + assertion);
        test::waitUntil([&] { return reply->isFinished(); });
        *status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
        reply->deleteLater();
        return o;
    }
};

} // namespace

TEST_F(GcpSimTest, TheTokenComesFromASignedJwtAndIsReused)
{
    const auto list
        = test::awaitResult<QList<GcpVm>>([&](auto done) { client->listVms(kZoneA, {}, {}, nullptr, done); });
    ASSERT_TRUE(list.ok()) << list.error().message.toStdString();
    EXPECT_TRUE(list->isEmpty()) << "an empty zone lists nothing (and its answer has no items)";
    ASSERT_TRUE(
        test::awaitResult<QList<GcpVm>>([&](auto done) { client->listVms(kZoneB, {}, {}, nullptr, done); }).ok());
    EXPECT_EQ(client->tokenRequests(), 1) << "the cached token is reused";
    EXPECT_EQ(sim->gcp().tokensIssued(), 1);

    // The assertion itself: RS256, our key id, the claims Google wants.
    const auto assertion = jwt::serviceAccountAssertion(account, QDateTime::currentSecsSinceEpoch());
    ASSERT_TRUE(assertion.ok());
    const auto decoded = jwt::decode(*assertion);
    ASSERT_TRUE(decoded.ok());
    EXPECT_EQ(decoded->header.value(QStringLiteral("alg")).toString(), QStringLiteral("RS256"));
    EXPECT_EQ(decoded->header.value(QStringLiteral("kid")).toString(), account.privateKeyId);
    EXPECT_EQ(decoded->claims.value(QStringLiteral("iss")).toString(), account.clientEmail);
    EXPECT_EQ(
        decoded->claims.value(QStringLiteral("aud")).toString(), QStringLiteral("https://oauth2.googleapis.com/token"));
    EXPECT_EQ(decoded->claims.value(QStringLiteral("exp")).toDouble()
            - decoded->claims.value(QStringLiteral("iat")).toDouble(),
        3600);
}

TEST_F(GcpSimTest, ABadSignatureIsRefusedAndNoComputeCallIsMade)
{
    // Right account, wrong private key: as with a rotated or tampered key file.
    GcpServiceAccount forged = account;
    forged.privateKeyPem = QString::fromLatin1(jwt::generateRsaKeyPair()->privateKeyPem);
    client->setServiceAccount(forged);
    const auto list
        = test::awaitResult<QList<GcpVm>>([&](auto done) { client->listVms(kZoneA, {}, {}, nullptr, done); });
    ASSERT_FALSE(list.ok());
    EXPECT_EQ(list.error().code, gcperr::Auth);
    EXPECT_TRUE(list.error().message.contains(QStringLiteral("Invalid JWT Signature")))
        << list.error().message.toStdString();
    EXPECT_EQ(client->tokenRequests(), 1) << "a refused key is not retried";
    EXPECT_EQ(sim->gcp().requestCount(QStringLiteral("list")), 0);

    // A key file that is not a service-account key is refused before anything is sent.
    EXPECT_FALSE(GcpServiceAccount::fromJson(R"({"type": "authorized_user", "client_email": "x"})").ok());
    EXPECT_FALSE(GcpServiceAccount::fromJson("not json").ok());
}

TEST_F(GcpSimTest, AnExpiredJwtIsRefusedAndAnExpiredTokenIsRenewedOnce)
{
    // An assertion minted two hours ago (a laptop clock far off): invalid_grant, as Google says it.
    const auto old = jwt::serviceAccountAssertion(account, QDateTime::currentSecsSinceEpoch() - 7200);
    ASSERT_TRUE(old.ok());
    int status = 0;
    const QJsonObject refused = postAssertion(*old, &status);
    EXPECT_EQ(status, 400);
    EXPECT_EQ(refused.value(QStringLiteral("error")).toString(), QStringLiteral("invalid_grant"));
    EXPECT_TRUE(refused.value(QStringLiteral("error_description")).toString().contains(QStringLiteral("short-lived")));
    const auto fresh = jwt::serviceAccountAssertion(account, QDateTime::currentSecsSinceEpoch());
    EXPECT_EQ(postAssertion(*fresh, &status).value(QStringLiteral("token_type")).toString(), QStringLiteral("Bearer"));
    EXPECT_EQ(status, 200);

    ASSERT_TRUE(
        test::awaitResult<QList<GcpVm>>([&](auto done) { client->listVms(kZoneA, {}, {}, nullptr, done); }).ok());
    const int before = client->tokenRequests();
    // The token dies early (revoked, or the server thinks it expired): one 401, one new token.
    sim->gcp().revokeTokens();
    const auto after401
        = test::awaitResult<QList<GcpVm>>([&](auto done) { client->listVms(kZoneA, {}, {}, nullptr, done); });
    ASSERT_TRUE(after401.ok()) << after401.error().message.toStdString();
    EXPECT_EQ(client->tokenRequests(), before + 1);

    // Near its expiry (3599 simulated seconds, refreshed with 3 min 45 s left) it is renewed
    // before the server would refuse it.
    const int beforeExpiry = client->tokenRequests();
    const qint64 due = clock.monotonicMs() + (3599 - 225) * 1000;
    ASSERT_TRUE(test::waitUntil([&] { return clock.monotonicMs() > due; }, 20000));
    ASSERT_TRUE(
        test::awaitResult<QList<GcpVm>>([&](auto done) { client->listVms(kZoneA, {}, {}, nullptr, done); }).ok());
    EXPECT_EQ(client->tokenRequests(), beforeExpiry + 1);
}

TEST_F(GcpSimTest, ASpotVmIsCreatedInTheFirstZoneWithRoomAndAsked)
{
    sim->gcp().setZoneCapacity(kZoneA, 0); // stockout
    const auto vm = create(QStringLiteral("gpf-standby-demo"), { kZoneA, kZoneB });
    ASSERT_TRUE(vm.ok()) << vm.error().message.toStdString();
    EXPECT_EQ(vm->zone, kZoneB);
    EXPECT_EQ(vm->status, QStringLiteral("RUNNING"));
    EXPECT_FALSE(vm->natIp.isEmpty());
    EXPECT_TRUE(vm->spot);
    EXPECT_EQ(sim->gcp().vm(kZoneA, QStringLiteral("gpf-standby-demo")), nullptr) << "the failed insert left a VM";

    // What reached the API is what GCP's Compute API documents.
    const SimGcpApi::Vm *stored = sim->gcp().vm(kZoneB, QStringLiteral("gpf-standby-demo"));
    ASSERT_NE(stored, nullptr);
    const QJsonObject b = stored->body;
    EXPECT_EQ(b.value(QStringLiteral("machineType")).toString(),
        QStringLiteral("zones/us-central1-b/machineTypes/e2-medium"));
    const QJsonObject sched = b.value(QStringLiteral("scheduling")).toObject();
    EXPECT_EQ(sched.value(QStringLiteral("provisioningModel")).toString(), QStringLiteral("SPOT"));
    EXPECT_EQ(sched.value(QStringLiteral("onHostMaintenance")).toString(), QStringLiteral("TERMINATE"));
    EXPECT_FALSE(sched.value(QStringLiteral("automaticRestart")).toBool(true));
    const QJsonObject init = b.value(QStringLiteral("disks"))
                                 .toArray()
                                 .first()
                                 .toObject()
                                 .value(QStringLiteral("initializeParams"))
                                 .toObject();
    EXPECT_TRUE(init.value(QStringLiteral("sourceImage")).toString().contains(QStringLiteral("debian-cloud")));
    EXPECT_EQ(init.value(QStringLiteral("diskSizeGb")), QJsonValue(QStringLiteral("20"))) << "int64 as a string";
    const QJsonArray items = b.value(QStringLiteral("metadata")).toObject().value(QStringLiteral("items")).toArray();
    ASSERT_EQ(items.size(), 2);
    EXPECT_EQ(items[0].toObject().value(QStringLiteral("key")).toString(), QStringLiteral("ssh-keys"));
    EXPECT_TRUE(items[0]
                    .toObject()
                    .value(QStringLiteral("value"))
                    .toString()
                    .startsWith(QStringLiteral("gpufailover:ssh-ed25519 ")));
    EXPECT_EQ(items[1].toObject().value(QStringLiteral("key")).toString(), QStringLiteral("startup-script"));
    EXPECT_EQ(
        b.value(QStringLiteral("labels")).toObject().value(QStringLiteral("pool")).toString(), QStringLiteral("demo"));

    // Listed by label; a name taken is said as such.
    const auto ours = test::awaitResult<QList<GcpVm>>(
        [&](auto done) { client->listVms(kZoneB, QStringLiteral("pool"), QStringLiteral("demo"), nullptr, done); });
    ASSERT_TRUE(ours.ok());
    EXPECT_EQ(ours->size(), 1);
    const auto again = create(QStringLiteral("gpf-standby-demo"), { kZoneB });
    ASSERT_FALSE(again.ok());
    EXPECT_EQ(again.error().code, gcperr::AlreadyExists);

    // Every allowed zone out of stock: a clear error and nothing left behind.
    sim->gcp().setZoneCapacity(kZoneC, 0);
    const auto nowhere = create(QStringLiteral("gpf-standby-two"), { kZoneA, kZoneC });
    ASSERT_FALSE(nowhere.ok());
    EXPECT_EQ(nowhere.error().code, gcperr::NoCapacity) << nowhere.error().message.toStdString();
    EXPECT_TRUE(nowhere.error().message.contains(QStringLiteral("ZONE_RESOURCE_POOL_EXHAUSTED")));
    EXPECT_EQ(sim->gcp().vms().size(), 1);
}

TEST_F(GcpSimTest, StopStartPreemptionAndDeleteFollowTheLifecycle)
{
    const auto vm = create(QStringLiteral("gpf-standby-life"), { kZoneA });
    ASSERT_TRUE(vm.ok()) << vm.error().message.toStdString();
    const QString firstIp = vm->natIp;

    ASSERT_TRUE(op([&](auto done) { client->stopVm(kZoneA, vm->name, nullptr, done); }).ok());
    auto stopped = get(kZoneA, vm->name);
    ASSERT_TRUE(stopped.has_value());
    EXPECT_EQ(stopped->status, QStringLiteral("TERMINATED")) << "TERMINATED means stopped, not deleted";
    EXPECT_TRUE(stopped->natIp.isEmpty()) << "the ephemeral address goes with the stop";

    ASSERT_TRUE(op([&](auto done) { client->startVm(kZoneA, vm->name, nullptr, done); }).ok());
    EXPECT_TRUE(get(kZoneA, vm->name)->running());

    // A Spot preemption: TERMINATED, and a compute.instances.preempted operation in the zone.
    auto preempted = test::awaitResult<bool>([&](auto done) { client->wasPreempted(kZoneA, vm->name, nullptr, done); });
    ASSERT_TRUE(preempted.ok());
    EXPECT_FALSE(*preempted);
    ASSERT_TRUE(sim->gcp().preempt(kZoneA, vm->name).ok());
    EXPECT_EQ(get(kZoneA, vm->name)->status, QStringLiteral("TERMINATED"));
    preempted = test::awaitResult<bool>([&](auto done) { client->wasPreempted(kZoneA, vm->name, nullptr, done); });
    ASSERT_TRUE(preempted.ok());
    EXPECT_TRUE(*preempted);

    // Restarting it when the zone is out of Spot capacity fails as the operation says.
    sim->gcp().setZoneCapacity(kZoneA, 0);
    const auto noRoom = op([&](auto done) { client->startVm(kZoneA, vm->name, nullptr, done); });
    ASSERT_FALSE(noRoom.ok());
    EXPECT_EQ(noRoom.error().code, gcperr::NoCapacity);
    EXPECT_EQ(get(kZoneA, vm->name)->status, QStringLiteral("TERMINATED"));

    ASSERT_TRUE(op([&](auto done) { client->deleteVm(kZoneA, vm->name, nullptr, done); }).ok());
    EXPECT_FALSE(get(kZoneA, vm->name).has_value()) << "a deleted VM is a 404";
    EXPECT_TRUE(op([&](auto done) { client->deleteVm(kZoneA, vm->name, nullptr, done); }).ok()) << "gone is done";
    Q_UNUSED(firstIp);
}

TEST_F(GcpSimTest, ServerErrorsAreRetriedAndRateLimitsEndInAClearError)
{
    ASSERT_TRUE(
        test::awaitResult<QList<GcpVm>>([&](auto done) { client->listVms(kZoneA, {}, {}, nullptr, done); }).ok());
    sim->gcp().failNext(503, 2, QStringLiteral("backendError"));
    const auto retried
        = test::awaitResult<QList<GcpVm>>([&](auto done) { client->listVms(kZoneA, {}, {}, nullptr, done); }, 20000);
    ASSERT_TRUE(retried.ok()) << retried.error().message.toStdString();
    EXPECT_EQ(sim->gcp().requestCount(QStringLiteral("list")), 2) << "the two 503s never reached the handler";

    // 403 rateLimitExceeded is a rate limit, not a permission problem.
    sim->gcp().failNext(403, 100, QStringLiteral("rateLimitExceeded"));
    const auto limited
        = test::awaitResult<QList<GcpVm>>([&](auto done) { client->listVms(kZoneA, {}, {}, nullptr, done); }, 60000);
    ASSERT_FALSE(limited.ok());
    EXPECT_EQ(limited.error().code, gcperr::RateLimited);
    sim->gcp().failNext(0, 0, {});
}
