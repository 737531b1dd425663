// The desktop app end to end on its own in-process engine (the demo world: simulated cloud, real
// test hosts): a failure injected into the cloud reaches the dashboard, the notifications and the
// charts through the engine's API and journal.
#include "core/appcontext.h"
#include "core/settings.h"
#include "core/warmpool.h"
#include "demo/demoworld.h"
#include "engine/enginehost.h"
#include "gui/alertnotifier.h"
#include "gui/chartdata.h"
#include "gui/chartsview.h"
#include "gui/desktopapp.h"
#include "gui/enginelink.h"
#include "gui/mainwindow.h"
#include "gui/poolcard.h"
#include "gui/provisionwizard.h"
#include "gui/settingsdialog.h"
#include "gui/simulatorcontrol.h"
#include "gui/traycontroller.h"
#include "sim/simrealhosts.h"
#include "sim/simserver.h"
#include "sim/sshtesthost.h"

#include "support/testutil.h"

#include <QAbstractButton>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDir>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QMenu>
#include <QMenuBar>
#include <QSpinBox>
#include <QStatusBar>
#include <QTableWidget>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTreeWidget>

#include <gtest/gtest.h>

using namespace gpufailover;

namespace {

// The desktop app on its own in-process engine, adopting the simulated world's pool (the lab's assembly).
class DesktopAppTest : public ::testing::Test
{
protected:
    QTemporaryDir dir;
    std::unique_ptr<AppContext> ctx;
    std::unique_ptr<DemoWorld> ownWorld; // outlives the engine that adopts its pool
    std::unique_ptr<EngineHost> host;
    std::unique_ptr<EngineLink> link;
    std::unique_ptr<DesktopApp> desktop;
    DemoWorld *world = nullptr;

    void SetUp() override
    {
        QString why;
        if (!SshTestHost::supported(&why))
            GTEST_SKIP() << why.toStdString();
        CommonOptions options;
        options.configDir = dir.filePath(QStringLiteral("config"));
        options.dataDir = dir.filePath(QStringLiteral("data"));
        options.apiPort = 0;
        auto c = AppContext::create(options, AppContext::Secrets::InMemory, QStringLiteral("gui-test"));
        ASSERT_TRUE(c) << c.error().message.toStdString();
        ctx = std::move(c).value();
        auto w = DemoWorld::createForDemo(options.dataDir, 20);
        ASSERT_TRUE(w) << w.error().message.toStdString();
        ownWorld = std::move(w).value();
        world = ownWorld.get();
        EngineHost::Options eo;
        eo.port = 0;
        auto h = EngineHost::create(*ctx, eo, world->fixture());
        ASSERT_TRUE(h) << h.error().message.toStdString();
        host = std::move(h).value();
        link = std::make_unique<EngineLink>(host->apiPort(), host->apiToken());
        ctx->settings().setValue(keys::UiLanguage, QStringLiteral("en")); // whatever this machine speaks
        desktop = std::make_unique<DesktopApp>(link.get(), &ctx->clock(), &ctx->settings());
        world->start();
        desktop->start(200);
        desktop->window().show();
    }

    void TearDown() override
    {
        desktop.reset();
        link.reset();
        host.reset();
        ownWorld.reset();
    }

    QString stateOf(const QString &pool) const
    {
        PoolCard *card = desktop->window().card(pool);
        return card ? card->findChild<QLabel *>(QStringLiteral("stateLabel"))->text() : QString();
    }
};

} // namespace

TEST_F(DesktopAppTest, AKilledPrimaryShowsOnTheDashboardInANotificationAndInTheCharts)
{
    DesktopApp &app = *desktop;
    QList<AlertNotifier::Notification> notified;
    QObject::connect(&app.notifier(), &AlertNotifier::notify, &app,
        [&](const AlertNotifier::Notification &n) { notified.append(n); });
    const auto state = [&] { return stateOf(QStringLiteral("demo")); };
    ASSERT_TRUE(test::waitUntil([&] { return state() == u"State: active"; }, 90000)) << state().toStdString();
    ASSERT_TRUE(test::waitUntil(
        [&] { return app.window().card(QStringLiteral("demo"))->protection().level == Protection::Level::Green; },
        60000));
    EXPECT_EQ(app.tray().level(), Protection::Level::Green);
    // The primary as the simulated provider describes it, once the engine has looked.
    ASSERT_TRUE(test::waitUntil([&] {
        return app.window()
            .card(QStringLiteral("demo"))
            ->findChild<QLabel *>(QStringLiteral("primaryLabel"))
            ->text()
            .startsWith(u"RTX 4090, $");
    }));

    // The Demo menu breaks the primary as a user of the demo would: through the simulator's API.
    SimulatorControl control(world->sim().url());
    control.setPools(QJsonArray {});
    QObject::connect(link.get(), &EngineLink::poolsChanged, &control, &SimulatorControl::setPools);
    control.addTo(app.window());
    QAction *kill = nullptr;
    for (QAction *a : app.window().menuBar()->actions()) {
        if (a->menu() && a->menu()->title() == u"&Demo")
            kill = a->menu()->actions().value(0);
    }
    ASSERT_NE(kill, nullptr);
    ASSERT_EQ(kill->text(), QStringLiteral("Kill the primary"));
    const qint64 primary = world->pool().record().primaryId;
    // The menu knows the pool once the link has polled again; until then it refuses in words.
    QString injected;
    int sent = 0, answers = 0;
    bool killed = false;
    QObject::connect(&control, &SimulatorControl::injected, &app, [&](const QString &m, bool ok) {
        injected = m;
        killed = killed || ok;
        ++answers;
    });
    ASSERT_TRUE(test::waitUntil(
        [&] {
            if (!killed && answers == sent) {
                ++sent;
                kill->trigger();
            }
            return killed;
        },
        30000))
        << injected.toStdString();
    EXPECT_NE(world->market().instance(primary)->actual, QStringLiteral("running"));
    EXPECT_TRUE(injected.contains(QStringLiteral("/_sim/instances/%1/kill").arg(primary))) << injected.toStdString();
    QStringList states;
    ASSERT_TRUE(test::waitUntil(
        [&] {
            if (states.isEmpty() || states.last() != state())
                states << state();
            return world->pool().record().failovers == 1 && state() == u"State: active";
        },
        90000))
        << states.join(u", ").toStdString();
    EXPECT_TRUE(states.contains(QStringLiteral("State: failover"))) << states.join(u", ").toStdString();
    // The notifications, in words, and where there is no tray (offscreen) in the status bar.
    ASSERT_TRUE(test::waitUntil([&] {
        return std::any_of(
            notified.cbegin(), notified.cend(), [](const auto &n) { return n.title == u"Failover finished"; });
    })) <<
        [&] {
            QStringList titles;
            for (const auto &n : notified)
                titles << n.title + u": " + n.message;
            return titles.join(u" | ").toStdString();
        }();
    // A failed probe may be told first ("Primary looks unhealthy"); of the failover, its start is.
    const auto failover = std::find_if(
        notified.cbegin(), notified.cend(), [](const auto &n) { return n.title.startsWith(u"Failover"); });
    ASSERT_NE(failover, notified.cend());
    EXPECT_EQ(failover->title, QStringLiteral("Failover started"));
    EXPECT_TRUE(failover->message.contains(u"demo"));
    if (!app.tray().available()) {
        EXPECT_FALSE(app.window().statusBar()->currentMessage().isEmpty());
    }
    // After a failover the standby is gone until a new one is rented: the tray says so.
    EXPECT_NE(app.tray().level(), Protection::Level::Green);

    // The charts' series come from the journal: the failover's phases and the cost samples.
    const ChartData &data = app.window().charts()->data();
    ASSERT_TRUE(test::waitUntil([&] { return !data.recoveries.isEmpty(); }));
    EXPECT_TRUE(data.recoveries.last().ok);
    EXPECT_GT(data.recoveries.last().fenceS + data.recoveries.last().startS + data.recoveries.last().readyS, 0);
    EXPECT_FALSE(data.rates.isEmpty());
    app.window().charts()->redraw(QDateTime::currentDateTimeUtc().addSecs(3600));
    EXPECT_EQ(app.window().charts()->recoveryView()->chart()->series().size(), 1);
}

TEST_F(DesktopAppTest, TheWizardProvisionsAPoolEndToEndOnThePickedHost)
{
    DesktopApp &app = *desktop;
    // The demo's way: the simulator's key prefilled, as a user would paste theirs.
    ProvisionWizard::Prefill prefill;
    prefill.vastKey = QString::fromLatin1(SimServer::kDefaultApiKey);
    app.setWizardPrefill(prefill);
    app.openProvisionWizard();
    ProvisionWizard *wizard = app.wizard();
    ASSERT_NE(wizard, nullptr);
    ASSERT_EQ(wizard->currentId(), ProvisionWizard::Credentials);
    QWizardPage *page = wizard->currentPage();
    auto *status = page->findChild<QLabel *>(QStringLiteral("vastStatusLabel"));
    // Checked live against the (simulated) Vast API before Next is possible.
    ASSERT_TRUE(test::waitUntil([&] { return page->isComplete(); }, 20000)) << status->text().toStdString();
    EXPECT_TRUE(status->text().startsWith(u"Key accepted")) << status->text().toStdString();
    wizard->next(); // saves to the keychain, then moves on by itself
    ASSERT_TRUE(test::waitUntil([&] { return wizard->currentId() == ProvisionWizard::Strategy; }, 20000))
        << page->findChild<QLabel *>(QStringLiteral("saveStatusLabel"))->text().toStdString();
    bool keySaved = false;
    link->call("GET", QStringLiteral("/api/credentials"), {}, [&](int, const QJsonObject &a) {
        keySaved = a.value(QStringLiteral("vast_api_key")).toObject().value(QStringLiteral("set")).toBool();
    });
    ASSERT_TRUE(test::waitUntil([&] { return keySaved; }));

    wizard->next(); // warm pool
    ASSERT_EQ(wizard->currentId(), ProvisionWizard::Host);
    auto *hosts = wizard->currentPage()->findChild<QTreeWidget *>(QStringLiteral("hostsView"));
    ASSERT_TRUE(test::waitUntil([&] { return hosts->topLevelItemCount() > 0; }, 20000));
    // Machine 801 is busy with the demo pool; 802 has four free GPUs, 803 only one (no pair).
    QTreeWidgetItem *pick = nullptr;
    QStringList machines;
    for (int i = 0; i < hosts->topLevelItemCount(); ++i) {
        machines << hosts->topLevelItem(i)->text(0);
        if (hosts->topLevelItem(i)->text(0) == u"802")
            pick = hosts->topLevelItem(i);
    }
    EXPECT_FALSE(machines.contains(QStringLiteral("803"))) << machines.join(u',').toStdString();
    ASSERT_NE(pick, nullptr) << machines.join(u',').toStdString();
    hosts->setCurrentItem(pick);
    wizard->next();
    ASSERT_EQ(wizard->currentId(), ProvisionWizard::Options);
    auto *name = wizard->currentPage()->findChild<QLineEdit *>(QStringLiteral("poolIdEdit"));
    EXPECT_EQ(name->text(), QStringLiteral("pool-802"));
    name->setText(QStringLiteral("bad name")); // not a pool id: Next stays off
    EXPECT_FALSE(wizard->currentPage()->isComplete());
    name->setText(QStringLiteral("wizard"));
    ASSERT_TRUE(wizard->currentPage()->isComplete());
    // Only what the strategy needs: a warm pool alone has no CPU standby zone to pick.
    QWizardPage *options = wizard->currentPage();
    EXPECT_FALSE(options->findChild<QComboBox *>(QStringLiteral("zoneCombo"))->isVisibleTo(options));
    // Snapshots need their bucket and where it lives: B2 its region, R2 the account id.
    auto *target = options->findChild<QComboBox *>(QStringLiteral("snapshotCombo"));
    auto *bucket = options->findChild<QLineEdit *>(QStringLiteral("bucketEdit"));
    auto *place = options->findChild<QLineEdit *>(QStringLiteral("placeEdit"));
    auto *placeLabel = options->findChild<QLabel *>(QStringLiteral("placeLabel"));
    EXPECT_FALSE(bucket->isVisibleTo(options));
    target->setCurrentIndex(1); // Backblaze B2
    EXPECT_TRUE(bucket->isVisibleTo(options));
    EXPECT_EQ(placeLabel->text(), QStringLiteral("Bucket &region"));
    bucket->setText(QStringLiteral("my-checkpoints"));
    EXPECT_FALSE(options->isComplete()) << "a B2 bucket without its region";
    place->setText(QStringLiteral("us-west-004"));
    EXPECT_TRUE(options->isComplete());
    target->setCurrentIndex(2); // Cloudflare R2
    EXPECT_EQ(placeLabel->text(), QStringLiteral("Cloudflare &account id"));
    target->setCurrentIndex(0); // none here: this engine has no object store
    EXPECT_TRUE(options->isComplete());
    // The workload: what runs on the primary once it holds the volume (here: a line per start).
    auto *start = options->findChild<QLineEdit *>(QStringLiteral("startCommandEdit"));
    auto *said = options->findChild<QLabel *>(QStringLiteral("optionsStatusLabel"));
    EXPECT_TRUE(said->text().contains(u"nothing runs")) << said->text().toStdString();
    start->setText(QStringLiteral("echo \"started under $(cat /workspace/.gpufailover/generation)\" >> "
                                  "/workspace/started.log"));
    EXPECT_TRUE(said->text().contains(u"runs on each new primary")) << said->text().toStdString();
    wizard->next();
    ASSERT_EQ(wizard->currentId(), ProvisionWizard::Review);
    auto *costs = wizard->currentPage()->findChild<QTableWidget *>(QStringLiteral("costTable"));
    ASSERT_TRUE(test::waitUntil([&] { return costs->rowCount() == 6; }));
    EXPECT_TRUE(costs->item(0, 0)->text().contains(u"GPU running"));
    EXPECT_TRUE(costs->item(5, 1)->text().startsWith(u'$')) << costs->item(5, 1)->text().toStdString();
    QJsonObject remembered;
    QObject::connect(wizard, &ProvisionWizard::defaultsChosen, wizard, [&](const QJsonObject &c) { remembered = c; });
    bool provisionedOk = false;
    QObject::connect(wizard, &ProvisionWizard::provisioned, wizard,
        [&](const QString &pool, bool ok) { provisionedOk = ok && pool == u"wizard"; });
    wizard->next();
    ASSERT_EQ(wizard->currentId(), ProvisionWizard::Progress);
    EXPECT_FALSE(wizard->button(QWizard::BackButton)->isEnabled()) << "the pool exists: no going back";
    EXPECT_EQ(remembered.value(QStringLiteral("image")).toString(), QStringLiteral("pytorch/pytorch"));
    EXPECT_FALSE(remembered.contains(QStringLiteral("id")));

    auto *result = wizard->currentPage()->findChild<QLabel *>(QStringLiteral("resultLabel"));
    ASSERT_TRUE(test::waitUntil([&] { return wizard->currentPage()->isComplete(); }, 90000));
    EXPECT_TRUE(provisionedOk) << result->text().toStdString();
    EXPECT_TRUE(result->text().contains(u"active")) << result->text().toStdString();
    auto *steps = wizard->currentPage()->findChild<QListWidget *>(QStringLiteral("stepsList"));
    EXPECT_GE(steps->count(), 3);
    // The dashboard shows the new pool, active, on the machine the user picked.
    ASSERT_TRUE(test::waitUntil([&] { return stateOf(QStringLiteral("wizard")) == u"State: active"; }, 20000));
    bool onPick = false;
    qint64 volume = 0;
    link->call("GET", QStringLiteral("/api/warmpool/status?pool=wizard"), {}, [&](int, const QJsonObject &a) {
        onPick = a.value(QStringLiteral("host_machine_id")).toInt() == 802;
        volume = a.value(QStringLiteral("volume_id")).toInteger();
    });
    EXPECT_TRUE(test::waitUntil([&] { return onPick; }));
    // The start command ran on the primary, under the pool's first generation.
    EXPECT_EQ(test::readAll(QDir(world->hosts().volumeDir(volume)).filePath(QStringLiteral("started.log"))),
        QByteArrayLiteral("started under 1\n"));
    // And a next pool is one click away, with the remembered choices.
    EXPECT_FALSE(ctx->settings().value(keys::UiProvisionDefaults).isEmpty());
}

namespace {

// Moves the wizard on page by page until `target`, calling `atPage` on each page it reaches;
// each page must become complete (its live checks answered) before Next.
bool advanceTo(ProvisionWizard *wizard, int target, const std::function<void(int)> &atPage)
{
    for (;;) {
        const int id = wizard->currentId();
        atPage(id);
        if (id == target)
            return true;
        if (!test::waitUntil([&] { return wizard->currentPage()->isComplete(); }, 20000))
            return false;
        wizard->next();
        if (!test::waitUntil([&] { return wizard->currentId() != id; }, 20000))
            return false;
    }
}

bool saveShot(QWidget *w, const QString &name, QStringList *saved)
{
    const QString dir = qEnvironmentVariableIsSet("GPF_SCREENSHOTS_DIR")
        ? qEnvironmentVariable("GPF_SCREENSHOTS_DIR")
        : QStringLiteral(GPF_TEST_OUTPUT_DIR "/screenshots");
    QDir().mkpath(dir);
    QCoreApplication::processEvents(); // charts repaint their scene from the event loop
    const QImage image = w->grab().toImage();
    // Something was drawn: a blank grab is one colour.
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 5)
        for (int x = 0; x < image.width(); x += 5)
            colours.insert(image.pixel(x, y));
    if (colours.size() < 4 || !image.save(dir + u'/' + name + QStringLiteral(".png")))
        return false;
    *saved << name;
    return true;
}

} // namespace

// The README's screenshots (scripts/screenshots.sh runs this under Xvfb with a tray and keeps
// them in docs/screenshots): every view, each wizard page and the tray menu, in both languages.
TEST_F(DesktopAppTest, ScreenshotsOfEveryViewInBothLanguages)
{
    DesktopApp &app = *desktop;
    MainWindow &w = app.window();
    w.resize(1100, 760);
    ASSERT_TRUE(test::waitUntil([&] { return stateOf(QStringLiteral("demo")) == u"State: active"; }, 90000));
    // A failover, so the recovery chart has a bar and the events view a story.
    world->market().killInstance(world->pool().record().primaryId);
    ASSERT_TRUE(test::waitUntil(
        [&] { return world->pool().record().failovers == 1 && world->pool().state() == WarmPool::State::Active; },
        90000));
    ASSERT_TRUE(test::waitUntil(
        [&] { return !w.charts()->data().recoveries.isEmpty() && !w.charts()->data().rates.isEmpty(); }));
    ProvisionWizard::Prefill prefill;
    prefill.vastKey = QString::fromLatin1(SimServer::kDefaultApiKey);
    app.setWizardPrefill(prefill);

    QStringList saved;
    auto *tabs = w.findChild<QTabWidget *>(QStringLiteral("tabs"));
    auto *chartTabs = w.charts()->findChild<QTabWidget *>();
    for (const QString &language : { QStringLiteral("en"), QStringLiteral("pt_BR") }) {
        app.setLanguage(language);
        QCoreApplication::processEvents();
        const QString suffix = u'-' + language;
        tabs->setCurrentIndex(0);
        ASSERT_TRUE(saveShot(&w, QStringLiteral("mainwindow") + suffix, &saved));
        tabs->setCurrentIndex(1);
        ASSERT_TRUE(saveShot(&w, QStringLiteral("events") + suffix, &saved));
        tabs->setCurrentIndex(2);
        w.redrawCharts();
        const QStringList charts { QStringLiteral("chart-cost"), QStringLiteral("chart-recovery"),
            QStringLiteral("chart-loss") };
        for (int i = 0; i < charts.size(); ++i) {
            chartTabs->setCurrentIndex(i);
            ASSERT_TRUE(saveShot(&w, charts[i] + suffix, &saved));
        }
        tabs->setCurrentIndex(0);

        app.openProvisionWizard();
        ProvisionWizard *wizard = app.wizard();
        wizard->resize(760, 560);
        const QStringList pages { QStringLiteral("wizard-1-credentials"), QStringLiteral("wizard-2-strategy"),
            QStringLiteral("wizard-3-host"), QStringLiteral("wizard-4-options"), QStringLiteral("wizard-5-review"),
            QStringLiteral("wizard-6-provisioning") };
        bool shotsOk = true;
        ASSERT_TRUE(advanceTo(wizard, ProvisionWizard::Progress, [&](int id) {
            if (id == ProvisionWizard::Options)
                wizard->currentPage()
                    ->findChild<QLineEdit *>(QStringLiteral("poolIdEdit"))
                    ->setText(u"shots-" + language);
            if (id == ProvisionWizard::Host)
                test::waitUntil([&] { return wizard->currentPage()->isComplete(); }, 20000);
            if (id == ProvisionWizard::Review)
                test::waitUntil([&] {
                    return wizard->currentPage()->findChild<QTableWidget *>(QStringLiteral("costTable"))->rowCount()
                        == 6;
                });
            if (id != ProvisionWizard::Progress)
                shotsOk = shotsOk && saveShot(wizard, pages[id] + suffix, &saved);
        }));
        ASSERT_TRUE(shotsOk);
        ASSERT_TRUE(test::waitUntil([&] { return wizard->currentPage()->isComplete(); }, 90000));
        ASSERT_TRUE(saveShot(wizard, pages[ProvisionWizard::Progress] + suffix, &saved));
        wizard->accept();
        QCoreApplication::processEvents();

        QMenu *menu = app.tray().menu();
        menu->popup(QPoint(40, 40));
        ASSERT_TRUE(test::waitUntil([&] { return menu->isVisible(); }));
        ASSERT_TRUE(saveShot(menu, QStringLiteral("tray-menu") + suffix, &saved));
        menu->hide();
    }
    EXPECT_EQ(saved.size(), 2 * (2 + 3 + 6 + 1));
}

TEST_F(DesktopAppTest, SettingsAreValidatedByTheEngineAndAppliedLive)
{
    DesktopApp &app = *desktop;
    ASSERT_TRUE(test::waitUntil([&] { return stateOf(QStringLiteral("demo")) == u"State: active"; }, 90000));
    app.openSettings();
    SettingsDialog *dialog = app.settingsDialog();
    ASSERT_NE(dialog, nullptr);
    ASSERT_TRUE(test::waitUntil([&] { return dialog->loaded(); }));
    auto *interval = dialog->findChild<QSpinBox *>(QStringLiteral("healthIntervalSpin"));
    EXPECT_EQ(interval->value(), 10);
    EXPECT_EQ(interval->maximum(), 3600) << "the engine's bounds";
    interval->setValue(9);
    auto *notify = dialog->findChild<QListWidget *>(QStringLiteral("notificationsList"));
    for (int i = 0; i < notify->count(); ++i)
        if (notify->item(i)->data(Qt::UserRole).toString() == u"suspect")
            notify->item(i)->setCheckState(Qt::Unchecked);
    auto *language = dialog->findChild<QComboBox *>(QStringLiteral("languageCombo"));
    language->setCurrentIndex(language->findData(QStringLiteral("pt_BR")));
    QPointer<SettingsDialog> alive(dialog);
    dialog->accept();
    ASSERT_TRUE(test::waitUntil([&] { return !alive || !alive->isVisible(); }));

    // The engine took it and applied it to the running pool.
    int stored = 0;
    int applied = 0;
    link->call("GET", QStringLiteral("/api/settings"), {}, [&](int, const QJsonObject &a) {
        stored = a.value(QStringLiteral("settings"))
                     .toObject()
                     .value(QStringLiteral("health/intervalS"))
                     .toObject()
                     .value(QStringLiteral("value"))
                     .toInt();
    });
    link->call("GET", QStringLiteral("/api/events?kind=pool_config&pool=demo&order=newest&limit=1"), {},
        [&](int, const QJsonObject &a) {
            applied = a.value(QStringLiteral("events"))
                          .toArray()
                          .first()
                          .toObject()
                          .value(QStringLiteral("data"))
                          .toObject()
                          .value(QStringLiteral("health_interval_ms"))
                          .toInt();
        });
    ASSERT_TRUE(test::waitUntil([&] { return stored && applied; }));
    EXPECT_EQ(stored, 9);
    EXPECT_EQ(applied, 9000);
    EXPECT_EQ(world->pool().config().healthIntervalMs, 9000);
    // The app's own: the language at once, and no notification for a muted kind.
    EXPECT_EQ(app.window().findChild<QTabWidget *>(QStringLiteral("tabs"))->tabText(1), QStringLiteral("&Eventos"));
    EXPECT_EQ(ctx->settings().value(keys::UiLanguage), QStringLiteral("pt_BR"));
    int shown = 0;
    QObject::connect(&app.notifier(), &AlertNotifier::notify, &app, [&] { ++shown; });
    app.notifier().add({ QJsonObject { { QStringLiteral("kind"), QStringLiteral("alert") },
        { QStringLiteral("pool"), QStringLiteral("demo") },
        { QStringLiteral("data"),
            QJsonObject { { QStringLiteral("alert"), QStringLiteral("suspect") },
                { QStringLiteral("message"), QStringLiteral("x") } } } } });
    EXPECT_EQ(shown, 0);
    EXPECT_EQ(ctx->settings().value(keys::UiMutedAlerts), QStringList { QStringLiteral("suspect") });
}

// The Demo menu's other half, without a pool: the simulator's keys come from its API, and a fault
// with no primary to break is refused in words, without a call.
TEST(SimulatorControl, HandsOutTheSimulatorsKeysAndBreaksOnlyWhatThePoolsName)
{
    SystemClock clock(1);
    SimOptions options;
    options.hosts = 3;
    SimServer sim(&clock, options);
    ASSERT_TRUE(sim.listen());
    SimulatorControl control(sim.url());
    QJsonObject keys;
    bool answered = false;
    control.fetchCredentials([&](const QJsonObject &k) {
        keys = k;
        answered = true;
    });
    ASSERT_TRUE(test::waitUntil([&] { return answered; }));
    EXPECT_EQ(keys.value(QStringLiteral("vast_api_key")).toString(), QString::fromLatin1(SimServer::kDefaultApiKey));
    const QString gcp = keys.value(QStringLiteral("gcp_service_account_json")).toString();
    EXPECT_TRUE(gcp.contains(u"PRIVATE KEY")) << gcp.toStdString();
    EXPECT_FALSE(keys.contains(QStringLiteral("s3"))) << "no store, no store keys";
    // The same account each time: the wizard and a later look agree; a store served beside the
    // clouds (gpufailover-sim --hosts-dir) is named with its keys.
    sim.setObjectStore({ QStringLiteral("https://127.0.0.1:9"), QStringLiteral("b"), QStringLiteral("/tmp/ca.pem"),
        QStringLiteral("KEYID"), QStringLiteral("SECRET") });
    QJsonObject again;
    control.fetchCredentials([&](const QJsonObject &k) { again = k; });
    ASSERT_TRUE(test::waitUntil([&] { return !again.isEmpty(); }));
    EXPECT_EQ(again.value(QStringLiteral("gcp_service_account_json")).toString(), gcp);
    EXPECT_EQ(again.value(QStringLiteral("snapshot_access_key_id")).toString(), QStringLiteral("KEYID"));
    EXPECT_EQ(again.value(QStringLiteral("s3")).toObject().value(QStringLiteral("endpoint")).toString(),
        QStringLiteral("https://127.0.0.1:9"));

    std::optional<std::pair<bool, QString>> result;
    control.inject(SimulatorControl::Fault::KillPrimary, [&](bool ok, const QString &m) { result = { ok, m }; });
    ASSERT_TRUE(result.has_value()); // refused at once: nothing was sent
    EXPECT_FALSE(result->first);
    EXPECT_TRUE(result->second.contains(u"No pool")) << result->second.toStdString();

    // A pool on a machine of the market: losing the host takes that machine offline, and only it.
    const QList<SimMarket::Offer> offers = sim.market().offers();
    ASSERT_FALSE(offers.isEmpty());
    const qint64 machine = offers.first().machineId;
    control.setPools(QJsonArray { QJsonObject { { QStringLiteral("pool"), QStringLiteral("p") },
        { QStringLiteral("primary_gpu_id"), 424242 }, { QStringLiteral("host_machine_id"), double(machine) } } });
    result.reset();
    control.inject(SimulatorControl::Fault::LoseHost, [&](bool ok, const QString &m) { result = { ok, m }; });
    ASSERT_TRUE(test::waitUntil([&] { return result.has_value(); }));
    EXPECT_TRUE(result->first) << result->second.toStdString();
    EXPECT_FALSE(sim.market().host(machine)->online);
    for (const SimMarket::Offer &o : offers) {
        if (o.machineId != machine) {
            EXPECT_TRUE(sim.market().host(o.machineId)->online) << o.machineId;
        }
    }
    // An instance the simulator does not have: its refusal is passed on.
    result.reset();
    control.inject(SimulatorControl::Fault::KillPrimary, [&](bool ok, const QString &m) { result = { ok, m }; });
    ASSERT_TRUE(test::waitUntil([&] { return result.has_value(); }));
    EXPECT_FALSE(result->first);
    EXPECT_TRUE(result->second.contains(u"refused")) << result->second.toStdString();
}
