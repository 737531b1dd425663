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
std::pair<int, QJsonObject> ask(EngineLink &link, const QByteArray &method, const QString &path)
{
    std::optional<std::pair<int, QJsonObject>> answer;
    link.call(method, path, {}, [&](int status, const QJsonObject &a) { answer = { status, a }; });
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

TEST(FirstRun, TheDesktopAppTakesANewUserFromTheWizardToAFailoverAndBackToNothingRented)
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

    // The wizard, with the keys the simulator hands out typed in, as a user would paste theirs.
    QJsonObject keys;
    control.fetchCredentials([&](const QJsonObject &k) { keys = k; });
    ASSERT_TRUE(test::waitUntil([&] { return !keys.isEmpty(); }));
    ProvisionWizard::Prefill prefill;
    prefill.vastKey = keys.value(QStringLiteral("vast_api_key")).toString();
    app.setWizardPrefill(prefill);
    app.openProvisionWizard();
    ProvisionWizard *wizard = app.wizard();
    ASSERT_NE(wizard, nullptr);
    QWizardPage *page = wizard->currentPage();
    ASSERT_TRUE(test::waitUntil([&] { return page->isComplete(); }, 30000))
        << page->findChild<QLabel *>(QStringLiteral("vastStatusLabel"))->text().toStdString();
    // A GCP key whose account has no role in the project it names is said on this page, and
    // nothing is saved: the user fixes it here, not when a CPU standby fails to rent.
    QJsonObject otherProject
        = QJsonDocument::fromJson(keys.value(QStringLiteral("gcp_service_account_json")).toString().toUtf8()).object();
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
    gcpEdit->clear(); // this pool's strategy needs no GCP key
    ASSERT_TRUE(test::waitUntil([&] { return page->isComplete(); }, 30000));
    wizard->next(); // saves the key to the keychain; the engine starts driving pools with it
    ASSERT_TRUE(test::waitUntil([&] { return wizard->currentId() == ProvisionWizard::Strategy; }, 30000));
    wizard->next();
    ASSERT_EQ(wizard->currentId(), ProvisionWizard::Host);
    auto *hosts = wizard->currentPage()->findChild<QTreeWidget *>(QStringLiteral("hostsView"));
    ASSERT_TRUE(test::waitUntil([&] { return hosts->topLevelItemCount() > 0; }, 30000))
        << wizard->currentPage()->findChild<QLabel *>(QStringLiteral("hostsStatusLabel"))->text().toStdString();
    wizard->next(); // the cheapest host with room for a warm pair
    ASSERT_EQ(wizard->currentId(), ProvisionWizard::Options);
    wizard->currentPage()->findChild<QLineEdit *>(QStringLiteral("poolIdEdit"))->setText(QStringLiteral("first"));
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

    // The primary dies, through the simulator's API (the Demo menu's way).
    const auto status = [&] { return ask(link, "GET", QStringLiteral("/api/warmpool/status?pool=first")).second; };
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
    QNetworkAccessManager nam;
    const QJsonObject left = simState(nam, simUrl);
    EXPECT_TRUE(left.value(QStringLiteral("instances")).toArray().isEmpty())
        << QJsonDocument(left).toJson().toStdString();
    EXPECT_TRUE(left.value(QStringLiteral("volumes")).toArray().isEmpty())
        << QJsonDocument(left).toJson().toStdString();

    sim.terminate();
    sim.waitForFinished(20000);
}
