// QtKeychain against a real Secret Service (gnome-keyring in a private D-Bus session, started by
// support/with-keyring.sh), and against no Secret Service at all.
#include "core/keychainsecretstore.h"
#include "core/redactor.h"

#include "support/testutil.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTemporaryDir>

#include <gtest/gtest.h>

using namespace gpufailover;
using namespace Qt::StringLiterals;

namespace {
SecretResult call(const std::function<void(SecretStore::Callback)> &op)
{
    return test::awaitCallback<SecretResult>([&](std::function<void(SecretResult)> done) {
        op(done);
    }).value_or(SecretResult { SecretError::Other, {}, QStringLiteral("timeout") });
}
const QString kService = QStringLiteral("io.github.gpufailover.test");
// The daemon's own keychain entries (as its real mode names them).
const QString kDaemonService = QStringLiteral("io.github.gpufailover.GpuFailover");

// gpufailover-sim as a separate process; its URL ("" if it did not come up).
QString startSim(QProcess &sim, const QStringList &extra = {})
{
    sim.start(QStringLiteral(GPF_BIN_DIR "/gpufailover-sim"),
        QStringList {
            QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--time-scale"), QStringLiteral("100") }
            + extra);
    QString out;
    test::waitUntil([&] {
        out += QString::fromUtf8(sim.readAllStandardOutput());
        return out.contains(QStringLiteral("api key")) || sim.state() == QProcess::NotRunning;
    });
    return QRegularExpression(QStringLiteral("(http://127.0.0.1:\\d+)")).match(out).captured(1);
}

// gpufailoverd in real mode against the simulator; its API port (0 if it did not come up).
int startRealDaemon(QProcess &daemon, const QString &simUrl, const QString &config, const QString &data)
{
    QFile::remove(config + QStringLiteral("/api-port"));
    daemon.start(QStringLiteral(GPF_BIN_DIR "/gpufailoverd"),
        { QStringLiteral("--api-port"), QStringLiteral("0"), QStringLiteral("--vast-url"), simUrl,
            QStringLiteral("--gcp-url"), simUrl, QStringLiteral("--config-dir"), config, QStringLiteral("--data-dir"),
            data });
    EXPECT_TRUE(test::waitUntil(
        [&] { return QFile::exists(config + QStringLiteral("/api-port")) || daemon.state() == QProcess::NotRunning; },
        30000));
    return test::readAll(config + QStringLiteral("/api-port")).trimmed().toInt();
}

// One call to the daemon's API with the token from the keychain: (status, JSON body).
std::pair<int, QJsonObject> apiCall(QNetworkAccessManager &nam, SecretStore &store, int port, const QByteArray &method,
    const QString &path, const QByteArray &body = {})
{
    QNetworkRequest r(QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(port).arg(path)));
    // With a keychain, the token lives there, not in a file.
    const auto token = call([&](auto cb) { store.read(QStringLiteral("api/token"), nullptr, cb); });
    r.setRawHeader("Authorization", "Bearer " + token.value.toLatin1());
    r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
    QNetworkReply *reply = nam.sendCustomRequest(r, method, body);
    test::waitUntil([&] { return reply->isFinished(); });
    const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    reply->deleteLater();
    return std::make_pair(status, o);
}
} // namespace

TEST(RealKeychain, StoreReadOverwriteDelete)
{
    ASSERT_EQ(qgetenv("GPF_TEST_KEYRING"), "1") << "run through ctest (support/with-keyring.sh)";
    QTemporaryDir dir;
    Redactor redactor;
    KeychainSecretStore store(kService, dir.filePath(QStringLiteral("secrets.index")), &redactor);
    const QString key = QStringLiteral("vast/api-key");

    const auto w1 = call([&](auto cb) { store.write(key, QStringLiteral("first-key-0123456789"), nullptr, cb); });
    ASSERT_TRUE(w1.ok()) << w1.message.toStdString();
    const auto r1 = call([&](auto cb) { store.read(key, nullptr, cb); });
    ASSERT_TRUE(r1.ok()) << r1.message.toStdString();
    EXPECT_EQ(r1.value, QStringLiteral("first-key-0123456789"));

    ASSERT_TRUE(call([&](auto cb) { store.write(key, QStringLiteral("second-key-9876543210"), nullptr, cb); }).ok());
    EXPECT_EQ(call([&](auto cb) { store.read(key, nullptr, cb); }).value, QStringLiteral("second-key-9876543210"));
    EXPECT_EQ(store.keys(), QStringList { key });
    // The index holds names only.
    EXPECT_FALSE(test::readAll(dir.filePath(QStringLiteral("secrets.index"))).contains("second-key"));
    EXPECT_EQ(redactor.redact(QStringLiteral("second-key-9876543210")), QStringLiteral("[REDACTED]"));

    ASSERT_TRUE(call([&](auto cb) { store.remove(key, nullptr, cb); }).ok());
    EXPECT_EQ(call([&](auto cb) { store.read(key, nullptr, cb); }).error, SecretError::NotFound);
    EXPECT_TRUE(store.keys().isEmpty());
}

TEST(RealKeychain, KeysOfDifferentNamesAreIndependent)
{
    ASSERT_EQ(qgetenv("GPF_TEST_KEYRING"), "1") << "run through ctest (support/with-keyring.sh)";
    QTemporaryDir dir;
    KeychainSecretStore store(kService, dir.filePath(QStringLiteral("secrets.index")), nullptr);
    ASSERT_TRUE(call([&](auto cb) {
        store.write(QStringLiteral("gcp/service-account"), QStringLiteral("{\"k\":1}"), nullptr, cb);
    }).ok());
    ASSERT_TRUE(call([&](auto cb) {
        store.write(QStringLiteral("api/token"), QStringLiteral("tok-abcdef"), nullptr, cb);
    }).ok());
    EXPECT_EQ(call([&](auto cb) { store.read(QStringLiteral("gcp/service-account"), nullptr, cb); }).value,
        QStringLiteral("{\"k\":1}"));
    EXPECT_EQ(store.keys(), (QStringList { QStringLiteral("api/token"), QStringLiteral("gcp/service-account") }));
}

TEST(NoKeychain, FailsLoudlyAndWritesNothingInPlainText)
{
    ASSERT_EQ(qgetenv("GPF_TEST_NO_KEYRING"), "1") << "run through ctest (keychain.no_backend)";
    QTemporaryDir dir;
    KeychainSecretStore store(kService, dir.filePath(QStringLiteral("secrets.index")), nullptr);
    const auto w = call(
        [&](auto cb) { store.write(QStringLiteral("vast/api-key"), QStringLiteral("plain-text-never"), nullptr, cb); });
    ASSERT_FALSE(w.ok());
    EXPECT_EQ(w.error, SecretError::NoBackend) << w.message.toStdString();
    EXPECT_TRUE(w.message.contains(QStringLiteral("No keychain is available"))) << w.message.toStdString();
    const auto r = call([&](auto cb) { store.read(QStringLiteral("vast/api-key"), nullptr, cb); });
    EXPECT_EQ(r.error, SecretError::NoBackend) << r.message.toStdString();
    // Nothing landed anywhere under our directories, and no index entry claims it was stored.
    EXPECT_TRUE(store.keys().isEmpty());
    QDirIterator it(dir.path(), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext())
        EXPECT_FALSE(test::readAll(it.next()).contains("plain-text-never"));
}

// The daemon in real (non-demo) mode, inside a real Secret Service session: the Vast key comes
// from the keychain, the SSH key is generated into it, pools come from configurations. The cloud
// is the standalone simulator as an outside service, its machines real sshd hosts that accept only
// the keys the engine gave through the provider's API.
TEST(RealModeDaemon, DrivesSavedPoolsWithKeysFromTheKeychainToAnActivePool)
{
    ASSERT_EQ(qgetenv("GPF_TEST_KEYRING"), "1") << "run through ctest (support/with-keyring.sh)";
    QTemporaryDir dir;
    KeychainSecretStore store(kDaemonService, dir.filePath(QStringLiteral("index")), nullptr);
    ASSERT_TRUE(call([&](auto cb) {
        store.write(
            QStringLiteral("vast/api-key"), QStringLiteral("simvast-0123456789abcdef0123456789abcdef"), nullptr, cb);
    }).ok());

    // The simulator as an outside service whose instances are real sshd hosts: they accept only
    // the keys the engine gave through the provider's API. Their files (host keys among them) live
    // apart from the engine's directories, which are searched for secrets below.
    QTemporaryDir hostsDir;
    QProcess sim;
    const QString simUrl = startSim(sim, { QStringLiteral("--hosts-dir"), hostsDir.path() });
    ASSERT_FALSE(simUrl.isEmpty()) << sim.readAllStandardError().toStdString();
    // A GCP service-account key issued by the simulator, kept in the keychain like a real one.
    QNetworkAccessManager simNam;
    QNetworkReply *issued = simNam.post(
        QNetworkRequest(QUrl(simUrl + QStringLiteral("/_sim/gcp/service-account"))), QByteArrayLiteral("{}"));
    ASSERT_TRUE(test::waitUntil([&] { return issued->isFinished(); }));
    const QByteArray serviceAccount = issued->readAll();
    ASSERT_TRUE(serviceAccount.contains("PRIVATE KEY")) << serviceAccount.toStdString();
    ASSERT_TRUE(call([&](auto cb) {
        store.write(QStringLiteral("gcp/service-account"), QString::fromUtf8(serviceAccount), nullptr, cb);
    }).ok());

    const QString config = dir.filePath(QStringLiteral("config")), data = dir.filePath(QStringLiteral("data"));
    const auto startDaemon = [&](QProcess &daemon) { return startRealDaemon(daemon, simUrl, config, data); };
    QNetworkAccessManager nam;
    const auto http = [&](int port, const QByteArray &method, const QString &path, const QByteArray &body = {}) {
        return apiCall(nam, store, port, method, path, body);
    };

    QProcess daemon;
    const int port = startDaemon(daemon);
    ASSERT_GT(port, 0) << daemon.readAllStandardError().toStdString();
    EXPECT_FALSE(QFile::exists(config + QStringLiteral("/api-token"))) << "the token belongs in the keychain";
    auto [created, body] = http(port, "POST", QStringLiteral("/api/pools"),
        R"({"id": "real", "gpu_names": ["RTX 4090", "RTX 3090", "A100 SXM4", "H100 SXM"], "min_gpus": 2,
                                    "volume_size_gb": 20, "image": "pytorch/pytorch", "probe_timeout_ms": 2000,
                                    "fallback_to_cpu_standby": true})");
    ASSERT_EQ(created, 201) << QJsonDocument(body).toJson().toStdString();
    // The strategy asks for a CPU standby: this pool has one.
    EXPECT_TRUE(body.value(QStringLiteral("cpu_standby")).isObject()) << QJsonDocument(body).toJson().toStdString();
    // A first real run provisions: the engine's key reaches the instances through the API alone.
    QString state;
    ASSERT_TRUE(test::waitUntil(
        [&] {
            const QJsonObject status = http(port, "GET", QStringLiteral("/api/warmpool/status?pool=real")).second;
            state = status.value(QStringLiteral("state")).toString() + u": "
                + status.value(QStringLiteral("reason")).toString();
            return state.startsWith(u"active");
        },
        60000))
        << state.toStdString();

    QNetworkReply *stateReply = nam.get(QNetworkRequest(QUrl(simUrl + QStringLiteral("/_sim/state"))));
    test::waitUntil([&] { return stateReply->isFinished(); });
    const QJsonObject cloud = QJsonDocument::fromJson(stateReply->readAll()).object();
    // The engine's key is on the account once, and attached to each instance it rented (account
    // keys reach only later instances), which accept it and nothing else.
    const QJsonArray accountKeys = cloud.value(QStringLiteral("ssh_keys")).toArray();
    ASSERT_EQ(accountKeys.size(), 1) << QJsonDocument(accountKeys).toJson().toStdString();
    const QString engineKey = accountKeys.first().toObject().value(QStringLiteral("key")).toString();
    EXPECT_TRUE(engineKey.startsWith(u"ssh-ed25519 ")) << engineKey.toStdString();
    const QJsonArray instances = cloud.value(QStringLiteral("instances")).toArray();
    ASSERT_EQ(instances.size(), 2); // the primary and its stopped standby
    for (const QJsonValue &v : instances) {
        const QJsonObject inst = v.toObject();
        EXPECT_EQ(inst.value(QStringLiteral("sim_ssh_keys")).toArray(), QJsonArray { engineKey });
        // Every instance brings what the CPU standby's copies need, whatever its image lacks.
        EXPECT_TRUE(inst.value(QStringLiteral("onstart")).toString().contains(u"apt-get install -y -qq rsync"))
            << inst.value(QStringLiteral("onstart")).toString().toStdString();
        if (inst.value(QStringLiteral("actual_status")).toString() == u"running") {
            const QString authorized = QString::fromUtf8(test::readAll(hostsDir.filePath(
                QStringLiteral("instances/%1/authorized_keys").arg(inst.value(QStringLiteral("id")).toInteger()))));
            EXPECT_EQ(authorized.trimmed(), engineKey);
        }
    }

    // The CPU standby's VM was created on the (simulated) GCP with the key from the keychain.
    ASSERT_TRUE(test::waitUntil(
        [&] {
            return http(port, "GET", QStringLiteral("/api/warmpool/status?pool=real"))
                       .second.value(QStringLiteral("cpu_standby"))
                       .toObject()
                       .value(QStringLiteral("vm"))
                       .toString()
                == u"gpf-real-cpu";
        },
        60000));

    // The key revoked while the pool runs (every Vast.ai call answers 401): said in the journal
    // and by the CLI, and never taken for a dead instance. Given back, nothing happened.
    const auto simFaults = [&](const QByteArray &method, const QByteArray &fault) {
        QNetworkRequest r(QUrl(simUrl + QStringLiteral("/_sim/faults")));
        r.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        QNetworkReply *reply = simNam.sendCustomRequest(r, method, fault);
        EXPECT_TRUE(test::waitUntil([&] { return reply->isFinished(); }));
        reply->deleteLater();
    };
    simFaults("POST", R"({"endpoint": "*", "mode": "401"})");
    const QString config0 = config;
    const auto alertsSaid = [&] {
        QProcess ctl;
        ctl.start(QStringLiteral(GPF_BIN_DIR "/gpufailoverctl"),
            { QStringLiteral("--config-dir"), config0, QStringLiteral("events"), QStringLiteral("--kind"),
                QStringLiteral("alert") });
        ctl.waitForFinished(30000);
        return QString::fromUtf8(ctl.readAllStandardOutput());
    };
    QString said;
    EXPECT_TRUE(test::waitUntil(
        [&] {
            said = alertsSaid();
            return said.contains(u"rejected the API key");
        },
        60000))
        << said.toStdString();
    simFaults("DELETE", {});
    const QJsonObject afterRevoked = http(port, "GET", QStringLiteral("/api/warmpool/status?pool=real")).second;
    EXPECT_EQ(afterRevoked.value(QStringLiteral("failover_count")).toInt(), 0)
        << QJsonDocument(afterRevoked).toJson().toStdString();

    // The SSH key was generated into the keychain, and is in no file anywhere under our dirs.
    const auto sshKey = call([&](auto cb) { store.read(QStringLiteral("ssh/private-key"), nullptr, cb); });
    ASSERT_TRUE(sshKey.ok());
    EXPECT_TRUE(sshKey.value.contains(QStringLiteral("PRIVATE KEY")));
    QDirIterator it(dir.path(), QDir::Files, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QByteArray content = test::readAll(it.next());
        EXPECT_FALSE(content.contains("PRIVATE KEY")) << it.filePath().toStdString();
        EXPECT_FALSE(content.contains("simvast-0123456789abcdef")) << it.filePath().toStdString();
        EXPECT_FALSE(content.contains("BEGIN PRIVATE KEY")) << "the GCP key in " << it.filePath().toStdString();
    }

    // Snapshots: off until a target is set and the store's keys are saved; then on for the running
    // pool at once, without a restart, with the repository password generated into the keychain.
    EXPECT_EQ(http(port, "GET", QStringLiteral("/api/pools/real/snapshots")).first, 404);
    ASSERT_EQ(http(port, "PUT", QStringLiteral("/api/settings"),
                  R"({"snapshots/target": "s3", "snapshots/bucket": "gpf-snapshots",
                      "snapshots/endpoint": "https://127.0.0.1:9"})")
                  .first,
        200);
    EXPECT_EQ(http(port, "GET", QStringLiteral("/api/pools/real/snapshots")).first, 404) << "no keys yet";
    ASSERT_EQ(http(port, "PUT", QStringLiteral("/api/credentials"),
                  R"({"snapshot_access_key_id": "AKIA-TEST-KEY-ID",
                      "snapshot_secret_access_key": "store-secret-0123456789abcdef"})")
                  .first,
        200);
    ASSERT_TRUE(test::waitUntil(
        [&] { return http(port, "GET", QStringLiteral("/api/pools/real/snapshots")).first == 200; }, 20000));

    // The warm pool turned off is off after a restart too (the pool's own saved configuration).
    ASSERT_EQ(http(port, "POST", QStringLiteral("/api/warmpool/disable?pool=real")).first, 200);

    // A restart picks the pool up from its saved configuration.
    daemon.terminate();
    ASSERT_TRUE(daemon.waitForFinished(20000));
    QFile::remove(config + QStringLiteral("/api-port"));
    QProcess again;
    const int port2 = startDaemon(again);
    ASSERT_GT(port2, 0);
    const QJsonArray pools
        = http(port2, "GET", QStringLiteral("/api/pools")).second.value(QStringLiteral("pools")).toArray();
    ASSERT_EQ(pools.size(), 1);
    EXPECT_EQ(pools.first().toObject().value(QStringLiteral("pool")).toString(), QStringLiteral("real"));
    EXPECT_FALSE(pools.first().toObject().value(QStringLiteral("enabled")).toBool(true))
        << QJsonDocument(pools.first().toObject()).toJson().toStdString();
    const auto [onAgain, onBody] = http(port2, "POST", QStringLiteral("/api/warmpool/enable?pool=real"));
    EXPECT_EQ(onAgain, 200);
    EXPECT_TRUE(onBody.value(QStringLiteral("enabled")).toBool()) << QJsonDocument(onBody).toJson().toStdString();
    const auto [snapshotsStatus, snapshots] = http(port2, "GET", QStringLiteral("/api/pools/real/snapshots"));
    EXPECT_EQ(snapshotsStatus, 200) << QJsonDocument(snapshots).toJson().toStdString();
    const auto password
        = call([&](auto cb) { store.read(QStringLiteral("snapshots/repository-password"), nullptr, cb); });
    ASSERT_TRUE(password.ok());
    EXPECT_GE(password.value.size(), 40);
    QDirIterator files(dir.path(), QDir::Files, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        const QByteArray content = test::readAll(files.next());
        EXPECT_FALSE(content.contains(password.value.toLatin1())) << files.filePath().toStdString();
        EXPECT_FALSE(content.contains("store-secret-0123456789abcdef")) << files.filePath().toStdString();
    }

    // A pool whose strategy has no CPU standby rents no VM, even with a GCP key in the keychain.
    // (No machine has this GPU: it searches, and rents nothing.)
    const auto [plainStatus, plain] = http(port2, "POST", QStringLiteral("/api/pools"),
        R"({"id": "plain", "gpu_names": ["B200 NOWHERE"], "probe_timeout_ms": 2000,
            "fallback_to_cpu_standby": false})");
    ASSERT_EQ(plainStatus, 201) << QJsonDocument(plain).toJson().toStdString();
    EXPECT_TRUE(plain.value(QStringLiteral("cpu_standby")).isNull()) << QJsonDocument(plain).toJson().toStdString();

    // The credentials cannot be wiped under running pools: their instances would run unwatched.
    const auto [refusedWipe, refusal] = http(port2, "DELETE", QStringLiteral("/api/credentials"));
    EXPECT_EQ(refusedWipe, 409) << QJsonDocument(refusal).toJson().toStdString();
    EXPECT_TRUE(call([&](auto cb) { store.read(QStringLiteral("vast/api-key"), nullptr, cb); }).ok());

    // Destroying a pool deletes what it rents, its CPU standby's VM among them, and says what it keeps.
    const auto destroy = [&](const QString &id) {
        const auto [asked, confirmation] = http(port2, "DELETE", QStringLiteral("/api/pools/") + id);
        EXPECT_EQ(asked, 409);
        const QString message = confirmation.value(QStringLiteral("message")).toString();
        const auto [done, result] = http(port2, "DELETE",
            QStringLiteral("/api/pools/%1?confirm=%2")
                .arg(id, confirmation.value(QStringLiteral("confirm")).toString()));
        EXPECT_EQ(done, 200) << QJsonDocument(result).toJson().toStdString();
        return std::make_pair(message, result);
    };
    // A destroy cut short by a crash left the standby already destroyed at the provider: asked
    // again, the destroy counts it as done instead of failing on it for ever.
    const qint64 standbyId = http(port2, "GET", QStringLiteral("/api/warmpool/status?pool=real"))
                                 .second.value(QStringLiteral("standby_gpu_id"))
                                 .toInteger();
    ASSERT_GT(standbyId, 0);
    QNetworkRequest destroyStandby(QUrl(simUrl + QStringLiteral("/api/v0/instances/%1/").arg(standbyId)));
    destroyStandby.setRawHeader("Authorization", "Bearer simvast-0123456789abcdef0123456789abcdef");
    QNetworkReply *destroyed = nam.sendCustomRequest(destroyStandby, "DELETE");
    ASSERT_TRUE(test::waitUntil([&] { return destroyed->isFinished(); }));
    ASSERT_EQ(destroyed->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt(), 200);
    const auto [realWarning, realDestroyed] = destroy(QStringLiteral("real"));
    EXPECT_TRUE(realWarning.contains(u"CPU standby VM")) << realWarning.toStdString();
    EXPECT_TRUE(realWarning.contains(u"snapshot repository is kept")) << realWarning.toStdString();
    EXPECT_TRUE(realDestroyed.value(QStringLiteral("deleted")).toArray().contains(u"cpu_standby_vm"_s));
    EXPECT_EQ(realDestroyed.value(QStringLiteral("kept")).toArray(), QJsonArray { u"snapshot_repository"_s });
    const auto [plainWarning, plainDestroyed] = destroy(QStringLiteral("plain"));
    EXPECT_FALSE(plainDestroyed.value(QStringLiteral("deleted")).toArray().contains(u"cpu_standby_vm"_s));
    QJsonObject left;
    const auto fetchState = [&] {
        QNetworkReply *reply = nam.get(QNetworkRequest(QUrl(simUrl + QStringLiteral("/_sim/state"))));
        test::waitUntil([&] { return reply->isFinished(); });
        left = QJsonDocument::fromJson(reply->readAll()).object();
        reply->deleteLater();
    };
    fetchState();
    // The destroy answered once the provider confirmed each deletion: nothing is left billing.
    EXPECT_TRUE(left.value(QStringLiteral("gcp_vms")).toArray().isEmpty())
        << QJsonDocument(left).toJson().toStdString();
    EXPECT_TRUE(left.value(QStringLiteral("volumes")).toArray().isEmpty())
        << QJsonDocument(left).toJson().toStdString();
    for (const QJsonValue &v : left.value(QStringLiteral("instances")).toArray())
        ADD_FAILURE() << "instance left: " << QJsonDocument(v.toObject()).toJson().toStdString();
    EXPECT_TRUE(
        http(port2, "GET", QStringLiteral("/api/pools")).second.value(QStringLiteral("pools")).toArray().isEmpty());

    // Wiping the credentials, as a user leaving would: the engine's key comes off the account, the
    // keys out of the keychain; the repository password stays (the snapshots need it).
    ASSERT_EQ(left.value(QStringLiteral("ssh_keys")).toArray().size(), 1);
    QProcess ctl;
    ctl.start(QStringLiteral(GPF_BIN_DIR "/gpufailoverctl"),
        { QStringLiteral("--config-dir"), config, QStringLiteral("credentials"), QStringLiteral("wipe") });
    ASSERT_TRUE(ctl.waitForFinished(30000));
    const QString wipeOut = QString::fromUtf8(ctl.readAllStandardOutput());
    EXPECT_EQ(ctl.exitCode(), 0) << wipeOut.toStdString() << ctl.readAllStandardError().toStdString();
    EXPECT_TRUE(wipeOut.contains(u"SSH keys taken off the Vast.ai account: 1")) << wipeOut.toStdString();
    fetchState();
    EXPECT_TRUE(left.value(QStringLiteral("ssh_keys")).toArray().isEmpty())
        << QJsonDocument(left).toJson().toStdString();
    for (const char *key : { "vast/api-key", "gcp/service-account", "ssh/private-key", "snapshots/secret-access-key" })
        EXPECT_EQ(
            call([&](auto cb) { store.read(QString::fromLatin1(key), nullptr, cb); }).error, SecretError::NotFound)
            << key;
    EXPECT_EQ(call([&](auto cb) { store.read(QStringLiteral("snapshots/repository-password"), nullptr, cb); }).value,
        password.value);
    // The engine drives nothing any more, until a key is saved again.
    EXPECT_EQ(http(port2, "GET", QStringLiteral("/api/warmpool/hosts?gpu_name=RTX%204090")).first, 503);
    ASSERT_EQ(http(port2, "PUT", QStringLiteral("/api/credentials"),
                  R"({"vast_api_key": "simvast-0123456789abcdef0123456789abcdef"})")
                  .first,
        200);
    ASSERT_TRUE(test::waitUntil(
        [&] { return http(port2, "GET", QStringLiteral("/api/warmpool/hosts?gpu_name=RTX%204090")).first == 200; },
        20000));

    again.terminate();
    again.waitForFinished(20000);
    sim.terminate();
    sim.waitForFinished(10000);
}

// A first run as a new user makes it: the daemon starts with no key at all, then the key is saved
// through the API (as the wizard and `gpufailoverctl credentials set` do). The engine drives pools
// from that moment, without a restart.
TEST(RealModeDaemon, AKeySavedThroughTheApiTakesEffectWithoutARestart)
{
    ASSERT_EQ(qgetenv("GPF_TEST_KEYRING"), "1") << "run through ctest (support/with-keyring.sh)";
    QTemporaryDir dir;
    KeychainSecretStore store(kDaemonService, dir.filePath(QStringLiteral("index")), nullptr);
    // Nothing left from another test in this keyring: no key, no GCP account.
    for (const char *key : { "vast/api-key", "gcp/service-account" }) {
        const auto removed = call([&](auto cb) { store.remove(QString::fromLatin1(key), nullptr, cb); });
        ASSERT_TRUE(removed.ok() || removed.error == SecretError::NotFound) << removed.message.toStdString();
    }
    QProcess sim;
    const QString simUrl = startSim(sim);
    ASSERT_FALSE(simUrl.isEmpty()) << sim.readAllStandardError().toStdString();
    QProcess daemon;
    const int port
        = startRealDaemon(daemon, simUrl, dir.filePath(QStringLiteral("config")), dir.filePath(QStringLiteral("data")));
    ASSERT_GT(port, 0) << daemon.readAllStandardError().toStdString();
    QNetworkAccessManager nam;
    const auto http = [&](const QByteArray &method, const QString &path, const QByteArray &body = {}) {
        return apiCall(nam, store, port, method, path, body);
    };

    const auto [before, refusal] = http("GET", QStringLiteral("/api/warmpool/hosts?gpu_name=RTX%204090"));
    EXPECT_EQ(before, 503) << QJsonDocument(refusal).toJson().toStdString();
    const auto [saved, savedBody] = http("PUT", QStringLiteral("/api/credentials"),
        QByteArrayLiteral(R"({"vast_api_key": "simvast-0123456789abcdef0123456789abcdef"})"));
    ASSERT_EQ(saved, 200) << QJsonDocument(savedBody).toJson().toStdString();

    int status = 0;
    QJsonObject hosts;
    ASSERT_TRUE(test::waitUntil(
        [&] {
            std::tie(status, hosts) = http("GET", QStringLiteral("/api/warmpool/hosts?gpu_name=RTX%204090"));
            return status == 200;
        },
        20000))
        << status << QJsonDocument(hosts).toJson().toStdString();
    EXPECT_FALSE(hosts.value(QStringLiteral("hosts")).toArray().isEmpty());
    const auto [created, createdBody] = http("POST", QStringLiteral("/api/pools"),
        QByteArrayLiteral(R"({"id": "first", "gpu_names": ["RTX 4090"], "probe_timeout_ms": 2000})"));
    EXPECT_EQ(created, 201) << QJsonDocument(createdBody).toJson().toStdString();
    EXPECT_EQ(http("GET", QStringLiteral("/api/pools")).second.value(QStringLiteral("pools")).toArray().size(), 1);

    // A key rotated while the engine runs is the one it uses from then on: a revoked one is refused
    // by the provider, and the right one works again, still without a restart.
    ASSERT_EQ(http("PUT", QStringLiteral("/api/credentials"),
                  QByteArrayLiteral(R"({"vast_api_key": "revoked-key-0000000000"})"))
                  .first,
        200);
    QJsonObject refused;
    ASSERT_TRUE(test::waitUntil(
        [&] {
            std::tie(status, refused) = http("GET", QStringLiteral("/api/warmpool/hosts?gpu_name=RTX%204090"));
            return status == 502;
        },
        20000))
        << status;
    EXPECT_EQ(refused.value(QStringLiteral("error")).toString(), QStringLiteral("auth_error"))
        << QJsonDocument(refused).toJson().toStdString();
    ASSERT_EQ(http("PUT", QStringLiteral("/api/credentials"),
                  QByteArrayLiteral(R"({"vast_api_key": "simvast-0123456789abcdef0123456789abcdef"})"))
                  .first,
        200);
    ASSERT_TRUE(test::waitUntil(
        [&] { return http("GET", QStringLiteral("/api/warmpool/hosts?gpu_name=RTX%204090")).first == 200; }, 20000));

    // A GCP key saved while the engine runs gives the running pool (its strategy has a CPU
    // standby) that standby at once, still without a restart.
    const auto cpuOfFirst = [&] {
        return http("GET", QStringLiteral("/api/warmpool/status?pool=first"))
            .second.value(QStringLiteral("cpu_standby"));
    };
    EXPECT_TRUE(cpuOfFirst().isNull()) << "no GCP key yet";
    QNetworkReply *issued = nam.post(
        QNetworkRequest(QUrl(simUrl + QStringLiteral("/_sim/gcp/service-account"))), QByteArrayLiteral("{}"));
    ASSERT_TRUE(test::waitUntil([&] { return issued->isFinished(); }));
    const QJsonObject gcpKey { { QStringLiteral("gcp_service_account_json"), QString::fromUtf8(issued->readAll()) } };
    ASSERT_EQ(http("PUT", QStringLiteral("/api/credentials"), QJsonDocument(gcpKey).toJson()).first, 200);
    ASSERT_TRUE(test::waitUntil([&] { return cpuOfFirst().isObject(); }, 20000));

    daemon.terminate();
    EXPECT_TRUE(daemon.waitForFinished(20000));
    sim.terminate();
    sim.waitForFinished(10000);
}

// What a new user gets wrong most: a key of another account, a GCP key of another project, a
// bucket not made yet, the store's CA not given. Each is said, in words that name what to fix,
// by the check and by the pool's creation, before anything is rented.
TEST(RealModeDaemon, AWrongKeyOrTargetIsSaidBeforeAnythingIsRented)
{
    ASSERT_EQ(qgetenv("GPF_TEST_KEYRING"), "1") << "run through ctest (support/with-keyring.sh)";
    QTemporaryDir dir;
    KeychainSecretStore store(kDaemonService, dir.filePath(QStringLiteral("index")), nullptr);
    for (const char *key : { "vast/api-key", "gcp/service-account", "snapshots/access-key-id",
             "snapshots/secret-access-key", "snapshots/repository-password" }) {
        const auto removed = call([&](auto cb) { store.remove(QString::fromLatin1(key), nullptr, cb); });
        ASSERT_TRUE(removed.ok() || removed.error == SecretError::NotFound) << removed.message.toStdString();
    }
    QTemporaryDir hostsDir;
    QProcess sim;
    const QString simUrl = startSim(sim, { QStringLiteral("--hosts-dir"), hostsDir.path() });
    ASSERT_FALSE(simUrl.isEmpty()) << sim.readAllStandardError().toStdString();
    QNetworkAccessManager nam;
    const auto simGet = [&](const QString &path) {
        QNetworkReply *reply = nam.get(QNetworkRequest(QUrl(simUrl + path)));
        test::waitUntil([&] { return reply->isFinished(); });
        reply->deleteLater();
        return QJsonDocument::fromJson(reply->readAll()).object();
    };
    const QJsonObject keys = simGet(QStringLiteral("/_sim/credentials"));
    const QJsonObject s3 = keys.value(QStringLiteral("s3")).toObject();
    ASSERT_FALSE(s3.isEmpty()) << "the simulator runs its S3 store beside its hosts";

    const QString config = dir.filePath(QStringLiteral("config"));
    QProcess daemon;
    const int port = startRealDaemon(daemon, simUrl, config, dir.filePath(QStringLiteral("data")));
    ASSERT_GT(port, 0) << daemon.readAllStandardError().toStdString();
    const auto http = [&](const QByteArray &method, const QString &path, const QJsonObject &body = {}) {
        return apiCall(nam, store, port, method, path,
            method == "GET" ? QByteArray() : QJsonDocument(body).toJson(QJsonDocument::Compact));
    };
    const auto save = [&](const QJsonObject &credentials) {
        const auto [status, body] = http("PUT", QStringLiteral("/api/credentials"), credentials);
        ASSERT_EQ(status, 200) << QJsonDocument(body).toJson().toStdString();
    };
    const QJsonObject pool { { QStringLiteral("id"), QStringLiteral("careful") },
        { QStringLiteral("gpu_names"), QJsonArray { QStringLiteral("RTX 4090") } },
        { QStringLiteral("fallback_to_cpu_standby"), true } };
    // A refusal leaves the provider as it was: no instance, volume or VM, no pool.
    const auto nothingRented = [&] {
        const QJsonObject state = simGet(QStringLiteral("/_sim/state"));
        for (const char *kind : { "instances", "volumes", "gcp_vms" })
            EXPECT_TRUE(state.value(QLatin1StringView(kind)).toArray().isEmpty())
                << kind << ": " << QJsonDocument(state).toJson().toStdString();
        EXPECT_TRUE(
            http("GET", QStringLiteral("/api/pools")).second.value(QStringLiteral("pools")).toArray().isEmpty());
    };
    const auto refusedWith = [&](int status, const QString &code, const QStringList &words) {
        const auto [created, answer] = http("POST", QStringLiteral("/api/pools"), pool);
        EXPECT_EQ(created, status) << QJsonDocument(answer).toJson().toStdString();
        EXPECT_EQ(answer.value(QStringLiteral("error")).toString(), code);
        const QString message = answer.value(QStringLiteral("message")).toString();
        EXPECT_TRUE(message.contains(u"nothing rented")) << message.toStdString();
        for (const QString &w : words)
            EXPECT_TRUE(message.contains(w)) << w.toStdString() << " not in: " << message.toStdString();
        nothingRented();
        return message;
    };

    // A key of another account: refused by Vast.ai, said by the check and by the CLI.
    save({ { QStringLiteral("vast_api_key"), QStringLiteral("simvast-not-this-accounts-key-000000") } });
    // The engine starts with the first key saved, a moment after the save is answered.
    ASSERT_TRUE(test::waitUntil(
        [&] { return http("GET", QStringLiteral("/api/warmpool/hosts?gpu_name=RTX%204090")).first != 503; }, 20000));
    refusedWith(422, QStringLiteral("auth_error"), { QStringLiteral("Vast.ai refused the API key") });
    QProcess ctl;
    ctl.start(QStringLiteral(GPF_BIN_DIR "/gpufailoverctl"),
        { QStringLiteral("--config-dir"), config, QStringLiteral("credentials"), QStringLiteral("check") });
    ASSERT_TRUE(ctl.waitForFinished(30000));
    const QString ctlSaid = QString::fromUtf8(ctl.readAllStandardError() + ctl.readAllStandardOutput());
    // Rejected (5), not "unauthorized" (4): that one means this API's own token.
    EXPECT_EQ(ctl.exitCode(), 5) << ctlSaid.toStdString();
    EXPECT_TRUE(ctlSaid.contains(u"Vast.ai refused the API key")) << ctlSaid.toStdString();
    save({ { QStringLiteral("vast_api_key"), keys.value(QStringLiteral("vast_api_key")).toString() } });

    // A GCP key whose account holds no role in the project it names.
    QJsonObject otherProject
        = QJsonDocument::fromJson(keys.value(QStringLiteral("gcp_service_account_json")).toString().toUtf8()).object();
    otherProject.insert(QStringLiteral("project_id"), QStringLiteral("another-project-42"));
    const QString otherKey = QString::fromUtf8(QJsonDocument(otherProject).toJson());
    const auto [checked, checkAnswer] = http(
        "POST", QStringLiteral("/api/credentials/check"), { { QStringLiteral("gcp_service_account_json"), otherKey } });
    EXPECT_EQ(checked, 403) << QJsonDocument(checkAnswer).toJson().toStdString();
    save({ { QStringLiteral("gcp_service_account_json"), otherKey } });
    refusedWith(403, QStringLiteral("gcp_forbidden"),
        { QStringLiteral("another-project-42"), QStringLiteral("Compute Instance Admin") });
    save({ { QStringLiteral("gcp_service_account_json"), keys.value(QStringLiteral("gcp_service_account_json")) } });

    // The snapshot store: a bucket not made yet, then a CA that did not sign the store's certificate.
    save({ { QStringLiteral("snapshot_access_key_id"), keys.value(QStringLiteral("snapshot_access_key_id")) },
        { QStringLiteral("snapshot_secret_access_key"), keys.value(QStringLiteral("snapshot_secret_access_key")) } });
    const auto target = [&](const QString &bucket, const QString &ca) {
        const auto [status, body] = http("PUT", QStringLiteral("/api/settings"),
            { { QStringLiteral("snapshots/target"), QStringLiteral("s3") },
                { QStringLiteral("snapshots/endpoint"), s3.value(QStringLiteral("endpoint")) },
                { QStringLiteral("snapshots/bucket"), bucket }, { QStringLiteral("snapshots/caCertFile"), ca } });
        ASSERT_EQ(status, 200) << QJsonDocument(body).toJson().toStdString();
    };
    const QString simCa = s3.value(QStringLiteral("ca_cert_file")).toString();
    target(QStringLiteral("not-made-yet"), simCa);
    refusedWith(404, QStringLiteral("no_bucket"), { QStringLiteral("not-made-yet"), QStringLiteral("does not exist") });
    const QString otherCa = QStringLiteral("/etc/ssl/certs/ca-certificates.crt");
    ASSERT_TRUE(QFile::exists(otherCa));
    target(s3.value(QStringLiteral("bucket")).toString(), otherCa);
    refusedWith(502, QStringLiteral("tls"), { otherCa });

    // All of them right: the check says what each provider answered.
    target(s3.value(QStringLiteral("bucket")).toString(), simCa);
    const auto [allRight, answers] = http("POST", QStringLiteral("/api/credentials/check"));
    ASSERT_EQ(allRight, 200) << QJsonDocument(answers).toJson().toStdString();
    const QString simProject
        = QJsonDocument::fromJson(keys.value(QStringLiteral("gcp_service_account_json")).toString().toUtf8())
              .object()
              .value(QStringLiteral("project_id"))
              .toString();
    EXPECT_EQ(answers.value(QStringLiteral("gcp")).toObject().value(QStringLiteral("project")).toString(), simProject);
    EXPECT_TRUE(answers.value(QStringLiteral("snapshots")).toObject().value(QStringLiteral("checked")).toBool())
        << QJsonDocument(answers).toJson().toStdString();
    EXPECT_TRUE(answers.value(QStringLiteral("vast")).toObject().value(QStringLiteral("ok")).toBool());
    nothingRented();

    daemon.terminate();
    EXPECT_TRUE(daemon.waitForFinished(20000));
    sim.terminate();
    sim.waitForFinished(10000);
}
