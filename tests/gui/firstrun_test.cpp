// A researcher's first run, as the desktop app assembles it in main(): empty config and data
// dirs, a real Secret Service (a throwaway gnome-keyring), the engine against the clouds' APIs
// (gpufailover-sim, a separate process whose instances are real sshd hosts), and the user's hands
// on the wizard. The test reads only what a user or the simulator could: the widgets, the
// engine's API, the simulator's API and the hosts' files.
#include "core/appcontext.h"
#include "core/commonoptions.h"
#include "engine/enginehost.h"
#include "gui/desktopapp.h"
#include "gui/enginelink.h"
#include "gui/mainwindow.h"
#include "gui/provisionwizard.h"
#include "gui/simulatorcontrol.h"
#include "sim/sshtesthost.h"

#include "support/testutil.h"

#include <QComboBox>
#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPlainTextEdit>
#include <QProcess>
#include <QRadioButton>
#include <QTemporaryDir>
#include <QTreeWidget>

#include <gtest/gtest.h>

using namespace gpufailover;

namespace {

// An answer of the engine's API, waited for.
std::pair<int, QJsonObject> ask(
    EngineLink &link, const QByteArray &method, const QString &path, const QJsonObject &body = {})
{
    std::optional<std::pair<int, QJsonObject>> answer;
    link.call(method, path, body, [&](int status, const QJsonObject &a) { answer = { status, a }; });
    test::waitUntil([&] { return answer.has_value(); }, 30000);
    return answer.value_or(std::pair { 0, QJsonObject {} });
}

QJsonObject simState(QNetworkAccessManager &nam, const QString &simUrl)
{
    QNetworkReply *reply = nam.get(QNetworkRequest(QUrl(simUrl + QStringLiteral("/_sim/state"))));
    test::waitUntil([&] { return reply->isFinished(); });
    reply->deleteLater();
    return QJsonDocument::fromJson(reply->readAll()).object();
}

} // namespace

TEST(FirstRun, TheDesktopAppTakesANewUserFromTheWizardThroughAFailoverAndAHostLossBackToNothingRented)
{
    ASSERT_EQ(qgetenv("GPF_TEST_KEYRING"), "1") << "run through ctest (gui.first_run)";
    QString why;
    if (!SshTestHost::supported(&why))
        GTEST_SKIP() << why.toStdString();
    QTemporaryDir dir, hostsDir;

    QProcess sim;
    sim.start(QStringLiteral(GPF_BIN_DIR "/gpufailover-sim"),
        { QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--time-scale"), QStringLiteral("20"),
            QStringLiteral("--hosts-dir"), hostsDir.path() });
    QString out;
    ASSERT_TRUE(test::waitUntil(
        [&] {
            out += QString::fromUtf8(sim.readAllStandardOutput());
            return out.contains(u"ssh hosts:") || sim.state() == QProcess::NotRunning;
        },
        30000));
    const QString simUrl = QRegularExpression(QStringLiteral("vast: (http://127.0.0.1:\\d+)")).match(out).captured(1);
    ASSERT_FALSE(simUrl.isEmpty()) << out.toStdString() << sim.readAllStandardError().toStdString();

    // What main() builds for `gpufailover --simulator URL`: nothing but the URLs differ from a
    // real account.
    CommonOptions options;
    options.configDir = dir.filePath(QStringLiteral("config"));
    options.dataDir = dir.filePath(QStringLiteral("data"));
    options.vastUrl = options.gcpUrl = QUrl(simUrl);
    options.apiPort = 0;
    auto ctx = AppContext::create(options, AppContext::Secrets::Keychain, QStringLiteral("gpufailover"));
    ASSERT_TRUE(ctx) << ctx.error().message.toStdString();
    EngineHost::Options eo;
    eo.port = 0;
    auto engine = EngineHost::create(**ctx, eo);
    ASSERT_TRUE(engine) << engine.error().message.toStdString();
    EngineLink link((*engine)->apiPort(), (*engine)->apiToken());
    (*ctx)->settings().setValue(keys::UiLanguage, QStringLiteral("en"));
    DesktopApp app(&link, &(*ctx)->clock(), &(*ctx)->settings());
    SimulatorControl control { QUrl(simUrl) };
    QObject::connect(&link, &EngineLink::poolsChanged, &control, &SimulatorControl::setPools);
    app.start(200);
    app.window().show();
    // No key yet: the engine drives nothing.
    EXPECT_EQ(ask(link, "GET", QStringLiteral("/api/warmpool/hosts?gpu_name=RTX%204090")).first, 503);
    // Two failures minutes apart make this story, so its pools wait less than a real one would
    // (settings any user can change): 10 s after a failover before acting on another (30 min by
    // default), 15 s of a host reported offline before it counts as lost (2 min), 10 s for a lost
    // host to be confirmed stopped (1 min).
    ASSERT_EQ(ask(link, "PUT", QStringLiteral("/api/settings"),
                  { { QStringLiteral("failover/cooldownS"), 10 }, { QStringLiteral("health/offlineGraceS"), 15 },
                      { QStringLiteral("failover/fenceDeadlineS"), 10 } })
                  .first,
        200);

    // The wizard, with the keys and the object store the simulator hands out typed in, as a user
    // would paste theirs (the demo's way: gpufailover --simulator).
    QJsonObject keys;
    control.fetchCredentials([&](const QJsonObject &k) { keys = k; });
    ASSERT_TRUE(test::waitUntil([&] { return !keys.isEmpty(); }));
    app.setWizardPrefill(SimulatorControl::prefillOf(keys));
    app.openProvisionWizard();
    ProvisionWizard *wizard = app.wizard();
    ASSERT_NE(wizard, nullptr);
    QWizardPage *page = wizard->currentPage();
    ASSERT_TRUE(test::waitUntil([&] { return page->isComplete(); }, 30000))
        << page->findChild<QLabel *>(QStringLiteral("vastStatusLabel"))->text().toStdString();
    // A GCP key whose account has no role in the project it names is said on this page, and
    // nothing is saved: the user fixes it here, not when a CPU standby fails to rent.
    const QString gcpKey = keys.value(QStringLiteral("gcp_service_account_json")).toString();
    QJsonObject otherProject = QJsonDocument::fromJson(gcpKey.toUtf8()).object();
    otherProject.insert(QStringLiteral("project_id"), QStringLiteral("another-project-42"));
    auto *gcpEdit = page->findChild<QPlainTextEdit *>(QStringLiteral("gcpJsonEdit"));
    gcpEdit->setPlainText(QString::fromUtf8(QJsonDocument(otherProject).toJson()));
    auto *saveStatus = page->findChild<QLabel *>(QStringLiteral("saveStatusLabel"));
    wizard->next();
    ASSERT_TRUE(test::waitUntil([&] { return saveStatus->text().startsWith(u"Not saved"); }, 30000))
        << saveStatus->text().toStdString();
    EXPECT_TRUE(saveStatus->text().contains(u"another-project-42")) << saveStatus->text().toStdString();
    EXPECT_EQ(wizard->currentId(), ProvisionWizard::Credentials);
    EXPECT_FALSE(ask(link, "GET", QStringLiteral("/api/credentials"))
                     .second.value(QStringLiteral("gcp_service_account_json"))
                     .toObject()
                     .value(QStringLiteral("set"))
                     .toBool());
    gcpEdit->setPlainText(gcpKey); // the right one, with the object store's keys prefilled
    ASSERT_TRUE(test::waitUntil([&] { return page->isComplete(); }, 30000));
    wizard->next(); // saves the keys to the keychain; the engine starts driving pools with them
    ASSERT_TRUE(test::waitUntil([&] { return wizard->currentId() == ProvisionWizard::Strategy; }, 30000))
        << saveStatus->text().toStdString();
    // A warm pair, and a CPU standby on GCP for when the whole host goes.
    wizard->currentPage()->findChild<QRadioButton *>(QStringLiteral("bothRadio"))->setChecked(true);
    wizard->next();
    ASSERT_EQ(wizard->currentId(), ProvisionWizard::Host);
    auto *hosts = wizard->currentPage()->findChild<QTreeWidget *>(QStringLiteral("hostsView"));
    ASSERT_TRUE(test::waitUntil([&] { return hosts->topLevelItemCount() > 0; }, 30000))
        << wizard->currentPage()->findChild<QLabel *>(QStringLiteral("hostsStatusLabel"))->text().toStdString();
    wizard->next(); // the cheapest host with room for a warm pair
    ASSERT_EQ(wizard->currentId(), ProvisionWizard::Options);
    // The simulator's store is a self-hosted S3 store with its own CA: shown chosen, as given.
    QWizardPage *optionsPage = wizard->currentPage();
    EXPECT_EQ(optionsPage->findChild<QComboBox *>(QStringLiteral("snapshotCombo"))->currentIndex(), 3);
    EXPECT_EQ(optionsPage->findChild<QLineEdit *>(QStringLiteral("placeEdit"))->text(),
        keys.value(QStringLiteral("s3")).toObject().value(QStringLiteral("endpoint")).toString());
    EXPECT_FALSE(optionsPage->findChild<QLineEdit *>(QStringLiteral("caEdit"))->text().isEmpty());
    EXPECT_TRUE(optionsPage->findChild<QComboBox *>(QStringLiteral("zoneCombo"))->isVisibleTo(optionsPage));
    optionsPage->findChild<QLineEdit *>(QStringLiteral("poolIdEdit"))->setText(QStringLiteral("first"));
    wizard->currentPage()
        ->findChild<QLineEdit *>(QStringLiteral("startCommandEdit"))
        ->setText(QStringLiteral(
            "echo \"started under $(cat /workspace/.gpufailover/generation)\" >> /workspace/started.log"));
    wizard->next();
    ASSERT_EQ(wizard->currentId(), ProvisionWizard::Review);
    // What every instance will run at its first start is shown before anything is rented.
    EXPECT_TRUE(wizard->currentPage()
                    ->findChild<QPlainTextEdit *>(QStringLiteral("onstartPreview"))
                    ->toPlainText()
                    .contains(u"rsync"));
    ASSERT_TRUE(test::waitUntil([&] { return wizard->currentPage()->isComplete(); }, 30000));
    wizard->next();
    ASSERT_EQ(wizard->currentId(), ProvisionWizard::Progress);
    auto *result = wizard->currentPage()->findChild<QLabel *>(QStringLiteral("resultLabel"));
    ASSERT_TRUE(test::waitUntil([&] { return wizard->currentPage()->isComplete(); }, 180000));
    ASSERT_TRUE(result->text().contains(u"active")) << result->text().toStdString();

    // The CPU standby holds a copy of /workspace on its GCP VM.
    const auto status = [&] { return ask(link, "GET", QStringLiteral("/api/warmpool/status?pool=first")).second; };
    QJsonObject cpu;
    ASSERT_TRUE(test::waitUntil(
        [&] {
            cpu = status().value(QStringLiteral("cpu_standby")).toObject();
            return cpu.value(QStringLiteral("syncs_completed")).toInt() >= 1;
        },
        180000))
        << QJsonDocument(cpu).toJson().toStdString();
    QNetworkAccessManager nam;
    EXPECT_EQ(simState(nam, simUrl).value(QStringLiteral("gcp_vms")).toArray().size(), 1);

    // A snapshot (the schedule takes one within the hour) and a restore drill: only a snapshot
    // restored and checked file by file counts for a rebuild. The card's buttons call these.
    const auto snapshots = [&] { return ask(link, "GET", QStringLiteral("/api/pools/first/snapshots")).second; };
    ASSERT_EQ(ask(link, "POST", QStringLiteral("/api/pools/first/snapshots/take")).first, 202);
    QJsonObject snap;
    const auto has = [&](const char *field) {
        snap = snapshots();
        return !snap.value(QLatin1StringView(field)).toString().isEmpty();
    };
    ASSERT_TRUE(test::waitUntil([&] { return has("last_snapshot_id"); }, 300000))
        << QJsonDocument(snap).toJson().toStdString();
    // The drill waits its turn while the snapshot's own work finishes (409 meanwhile); asked once.
    ASSERT_TRUE(test::waitUntil(
        [&] { return ask(link, "POST", QStringLiteral("/api/pools/first/snapshots/drill")).first == 202; }, 120000));
    ASSERT_TRUE(test::waitUntil([&] { return has("verified_snapshot_id"); }, 300000))
        << QJsonDocument(snap).toJson().toStdString();

    // The primary dies, through the simulator's API (the Demo menu's way).
    const QJsonObject before = status();
    const qint64 volume = before.value(QStringLiteral("volume_id")).toInteger();
    const qint64 standby = before.value(QStringLiteral("standby_gpu_id")).toInteger();
    ASSERT_GT(volume, 0);
    bool killed = false;
    ASSERT_TRUE(test::waitUntil(
        [&] {
            std::optional<bool> ok;
            control.inject(SimulatorControl::Fault::KillPrimary, [&](bool k, const QString &) { ok = k; });
            test::waitUntil([&] { return ok.has_value(); }, 10000);
            killed = ok.value_or(false);
            return killed;
        },
        20000));
    QJsonObject after;
    ASSERT_TRUE(test::waitUntil(
        [&] {
            after = status();
            return after.value(QStringLiteral("failover_count")).toInt() == 1
                && after.value(QStringLiteral("state")).toString() == u"active";
        },
        180000))
        << QJsonDocument(after).toJson().toStdString();
    EXPECT_EQ(after.value(QStringLiteral("primary_gpu_id")).toInteger(), standby);
    // The start command ran on each primary, each time under its own generation.
    EXPECT_EQ(test::readAll(QDir(hostsDir.path()).filePath(QStringLiteral("volumes/V.%1/started.log").arg(volume))),
        QByteArrayLiteral("started under 1\nstarted under 2\n"));

    // The whole machine is lost, volume and all: the pool is rebuilt on another one from what it
    // kept (the verified snapshot or the CPU standby's newer copy), and the workload starts there.
    const qint64 machine = after.value(QStringLiteral("host_machine_id")).toInteger();
    std::optional<bool> lost;
    control.inject(SimulatorControl::Fault::LoseHost, [&](bool ok, const QString &) { lost = ok; });
    ASSERT_TRUE(test::waitUntil([&] { return lost.has_value(); }, 10000));
    ASSERT_TRUE(*lost);
    QJsonObject rebuilt;
    ASSERT_TRUE(test::waitUntil(
        [&] {
            rebuilt = status();
            return rebuilt.value(QStringLiteral("host_machine_id")).toInteger() != machine
                && rebuilt.value(QStringLiteral("state")).toString() == u"active";
        },
        300000))
        << QJsonDocument(rebuilt).toJson().toStdString();
    const QByteArray log
        = test::readAll(QDir(hostsDir.path())
                            .filePath(QStringLiteral("volumes/V.%1/started.log")
                                          .arg(rebuilt.value(QStringLiteral("volume_id")).toInteger())));
    EXPECT_TRUE(log.startsWith("started under 1\n")) << log.toStdString();
    EXPECT_TRUE(log.endsWith(
        QStringLiteral("started under %1\n").arg(rebuilt.value(QStringLiteral("generation")).toInteger()).toUtf8()))
        << log.toStdString();

    // The key is in the keychain and nowhere in the app's files.
    QDirIterator files(dir.path(), QDir::Files, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        const QByteArray content = test::readAll(files.next());
        EXPECT_FALSE(content.contains(keys.value(QStringLiteral("vast_api_key")).toString().toLatin1()))
            << files.filePath().toStdString();
        EXPECT_FALSE(content.contains("PRIVATE KEY")) << files.filePath().toStdString();
    }

    // Destroyed with its confirmation: the simulated cloud rents nothing any more.
    const auto [asked, confirmation] = ask(link, "DELETE", QStringLiteral("/api/pools/first"));
    ASSERT_EQ(asked, 409);
    const auto [done, destroyed] = ask(link, "DELETE",
        QStringLiteral("/api/pools/first?confirm=") + confirmation.value(QStringLiteral("confirm")).toString());
    EXPECT_EQ(done, 200) << QJsonDocument(destroyed).toJson().toStdString();
    const QJsonObject left = simState(nam, simUrl);
    EXPECT_TRUE(left.value(QStringLiteral("instances")).toArray().isEmpty())
        << QJsonDocument(left).toJson().toStdString();
    EXPECT_TRUE(left.value(QStringLiteral("volumes")).toArray().isEmpty())
        << QJsonDocument(left).toJson().toStdString();
    EXPECT_TRUE(left.value(QStringLiteral("gcp_vms")).toArray().isEmpty())
        << QJsonDocument(left).toJson().toStdString();

    sim.terminate();
    sim.waitForFinished(20000);
}
