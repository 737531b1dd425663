// The dashboard's parts without an engine: protection in words, the charts' series from journal
// events, notifications without storms, cards, the events filter and switching language.
#include "core/costmodel.h"
#include "core/testclock.h"
#include "gui/alertnotifier.h"
#include "gui/chartdata.h"
#include "gui/chartsview.h"
#include "gui/enginelink.h"
#include "gui/eventsmodel.h"
#include "gui/languageswitcher.h"
#include "gui/mainwindow.h"
#include "gui/poolcard.h"
#include "gui/protection.h"
#include "gui/provisionwizard.h"
#include "gui/settingsdialog.h"
#include "gui/singleinstance.h"

#include <QAbstractButton>
#include <QAbstractItemView>
#include <QAbstractSpinBox>
#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QMenu>
#include <QMenuBar>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSignalSpy>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QWizardPage>

#include <gtest/gtest.h>

using namespace gpufailover;

namespace {

const QDateTime t0 = QDateTime::fromString(QStringLiteral("2026-11-02T10:00:00.000Z"), Qt::ISODateWithMs);

QJsonObject event(qint64 id, const QDateTime &at, const QString &kind, const QJsonObject &data,
    const QString &pool = QStringLiteral("p1"), const QString &phase = QStringLiteral("event"))
{
    return { { QStringLiteral("id"), double(id) }, { QStringLiteral("time"), at.toString(Qt::ISODateWithMs) },
        { QStringLiteral("pool"), pool }, { QStringLiteral("kind"), kind }, { QStringLiteral("phase"), phase },
        { QStringLiteral("data"), data } };
}

QJsonObject alert(qint64 id, const QString &kind, const QString &pool = QStringLiteral("p1"))
{
    return event(id, t0, QStringLiteral("alert"),
        { { QStringLiteral("alert"), kind }, { QStringLiteral("message"), QStringLiteral("msg %1").arg(id) } }, pool);
}

QJsonObject activePool(const QString &id, const QString &readiness = QStringLiteral("green"))
{
    return { { QStringLiteral("pool"), id }, { QStringLiteral("state"), QStringLiteral("active") },
        { QStringLiteral("readiness"), readiness }, { QStringLiteral("readiness_reason"), QStringLiteral("why") },
        { QStringLiteral("primary_gpu_id"), 11.0 }, { QStringLiteral("standby_gpu_id"), 12.0 },
        { QStringLiteral("host_machine_id"), 801.0 }, { QStringLiteral("active_target"), QStringLiteral("gpu") } };
}

} // namespace

TEST(Protection, SaysInWordsHowProtectedAPoolIs)
{
    EXPECT_EQ(Protection::of(activePool(QStringLiteral("a"))).level, Protection::Level::Green);
    const Protection red = Protection::of(activePool(QStringLiteral("a"), QStringLiteral("red")));
    EXPECT_EQ(red.level, Protection::Level::Red);
    EXPECT_TRUE(red.reason.contains(u"why")) << red.reason.toStdString();
    QJsonObject degraded = activePool(QStringLiteral("a"));
    degraded[QStringLiteral("state")] = QStringLiteral("degraded");
    degraded[QStringLiteral("reason")] = QStringLiteral("machine lost");
    EXPECT_EQ(Protection::of(degraded).level, Protection::Level::Red);
    EXPECT_TRUE(Protection::of(degraded).reason.contains(u"machine lost"));
    QJsonObject onCpu = activePool(QStringLiteral("a"));
    onCpu[QStringLiteral("active_target")] = QStringLiteral("cpu");
    EXPECT_EQ(Protection::of(onCpu).level, Protection::Level::Amber);
    QJsonObject badRepo = activePool(QStringLiteral("a"));
    badRepo[QStringLiteral("snapshots")] = QJsonObject { { QStringLiteral("repository_healthy"), false } };
    EXPECT_EQ(Protection::of(badRepo).level, Protection::Level::Amber);
    EXPECT_EQ(Protection::worst({ Protection::of(activePool(QStringLiteral("a"))), red }), Protection::Level::Red);
    EXPECT_EQ(Protection::worst({}), Protection::Level::Green);
    EXPECT_EQ(Format::duration(42), QStringLiteral("42 s"));
    EXPECT_EQ(Format::duration(3 * 3600 + 5 * 60), QStringLiteral("3 h 5 min"));
    EXPECT_EQ(Format::duration(2 * 86400 + 4 * 3600 + 59), QStringLiteral("2 d 4 h"));
}

TEST(ChartData, CostSeriesIsTheCostModelsAccrualOfTheJournalsSamples)
{
    ChartData data;
    // $0.40/h GPU for 2 h, then $0.02/h once stopped (hibernated); a CPU VM all along.
    data.add({ event(1, t0, QStringLiteral("cost_sample"),
                   { { QStringLiteral("gpu_primary"), 0.40 }, { QStringLiteral("cpu_vm"), 0.02 } }),
        event(2, t0.addSecs(7200), QStringLiteral("cost_sample"), { { QStringLiteral("gpu_primary"), 0.02 } }) });
    const QDateTime now = t0.addSecs(4 * 3600);
    const QList<ChartData::CostPoint> points = data.cumulativeCost(now);
    ASSERT_GE(points.size(), 2);
    EXPECT_EQ(points.first().at, t0);
    EXPECT_EQ(points.last().at, now);
    EXPECT_NEAR(points.last().cumulative.value(QStringLiteral("gpu_primary")), 0.80 + 0.04, 1e-9);
    EXPECT_NEAR(points.last().cumulative.value(QStringLiteral("cpu_vm")), 0.08, 1e-9);
    // The same figure the engine reports.
    EXPECT_NEAR(points.last().cumulative.value(QStringLiteral("gpu_primary")),
        cost::accrued(data.rates, QStringLiteral("p1"), t0, now).byComponent.value(QStringLiteral("gpu_primary")),
        1e-12);
    for (qsizetype i = 1; i < points.size(); ++i)
        EXPECT_GE(points[i].cumulative.value(QStringLiteral("gpu_primary")),
            points[i - 1].cumulative.value(QStringLiteral("gpu_primary")));
}

TEST(ChartData, RecoveryBarsStackThePhasesOfEachFailoverOutcome)
{
    ChartData data;
    const QJsonObject timeline { { QStringLiteral("detection_ms"), 30000.0 },
        { QStringLiteral("fenced_after_ms"), 5000.0 }, { QStringLiteral("standby_running_after_ms"), 45000.0 },
        { QStringLiteral("total_ms"), 60000.0 }, { QStringLiteral("ok"), true } };
    data.add({ event(1, t0, QStringLiteral("failover"), { { QStringLiteral("reason"), QStringLiteral("x") } },
                   QStringLiteral("p1"), QStringLiteral("intent")),
        event(2, t0.addSecs(60), QStringLiteral("failover"), timeline, QStringLiteral("p1"), QStringLiteral("outcome")),
        // A failover that never got the standby running: its later phases are zero, not negative.
        event(3, t0.addSecs(900), QStringLiteral("failover"),
            { { QStringLiteral("fenced_after_ms"), 60000.0 }, { QStringLiteral("standby_running_after_ms"), -1.0 },
                { QStringLiteral("total_ms"), 200000.0 }, { QStringLiteral("ok"), false } },
            QStringLiteral("p1"), QStringLiteral("outcome")) });
    ASSERT_EQ(data.recoveries.size(), 2);
    const ChartData::Recovery &r = data.recoveries[0];
    EXPECT_DOUBLE_EQ(r.detectionS, 30);
    EXPECT_DOUBLE_EQ(r.fenceS, 5);
    EXPECT_DOUBLE_EQ(r.startS, 40);
    EXPECT_DOUBLE_EQ(r.readyS, 15);
    EXPECT_TRUE(r.ok);
    EXPECT_DOUBLE_EQ(data.recoveries[1].fenceS, 60);
    EXPECT_DOUBLE_EQ(data.recoveries[1].startS, 0);
    EXPECT_DOUBLE_EQ(data.recoveries[1].readyS, 140);
    EXPECT_FALSE(data.recoveries[1].ok);
}

TEST(ChartData, LossWindowFallsToZeroAtEachCompleteCopy)
{
    ChartData data;
    data.add({ event(1, t0, QStringLiteral("cpu_sync"), { { QStringLiteral("ok"), true } }),
        event(2, t0.addSecs(30), QStringLiteral("cpu_sync"), { { QStringLiteral("ok"), false } }),
        event(3, t0.addSecs(60), QStringLiteral("cpu_sync"), { { QStringLiteral("ok"), true } }),
        // A snapshot whose state is journaled twice counts once; an incomplete one not at all.
        event(4, t0.addSecs(95), QStringLiteral("snapshot_state"),
            { { QStringLiteral("last_snapshot_at"), t0.addSecs(90).toString(Qt::ISODateWithMs) } }),
        event(5, t0.addSecs(99), QStringLiteral("snapshot_state"),
            { { QStringLiteral("last_snapshot_at"), t0.addSecs(90).toString(Qt::ISODateWithMs) } }),
        event(6, t0.addSecs(150), QStringLiteral("snapshot_state"),
            { { QStringLiteral("last_snapshot_at"), t0.addSecs(140).toString(Qt::ISODateWithMs) },
                { QStringLiteral("last_snapshot_incomplete"), true } }) });
    const QList<QPointF> points = data.lossWindow(t0.addSecs(200));
    // 0 at t0; 60 then 0 at +60; 30 then 0 at +90; 110 at +200.
    const QList<double> ys { 0, 60, 0, 30, 0, 110 };
    ASSERT_EQ(points.size(), ys.size());
    for (qsizetype i = 0; i < ys.size(); ++i)
        EXPECT_DOUBLE_EQ(points[i].y(), ys[i]) << i;
    EXPECT_DOUBLE_EQ(points.last().x(), double(t0.addSecs(200).toMSecsSinceEpoch()));
}

TEST(AlertNotifier, NotifiesWhatMattersOnceWithoutAStorm)
{
    LanguageSwitcher english; // English has plural forms too
    ASSERT_TRUE(english.apply(QStringLiteral("en")));
    TestClock clock;
    AlertNotifier notifier(&clock, { 5 * 60 * 1000, 3 });
    QList<AlertNotifier::Notification> shown;
    QObject::connect(
        &notifier, &AlertNotifier::notify, &notifier, [&](const AlertNotifier::Notification &n) { shown.append(n); });

    notifier.add({ alert(1, QStringLiteral("failover_started")), alert(2, QStringLiteral("cpu_sync_ok_not_notified")),
        event(3, t0, QStringLiteral("pool_state"), {}) });
    ASSERT_EQ(shown.size(), 1);
    EXPECT_EQ(shown[0].title, QStringLiteral("Failover started"));
    EXPECT_TRUE(shown[0].message.contains(u"p1") && shown[0].message.contains(u"msg 1"));
    EXPECT_EQ(shown[0].severity, AlertNotifier::Severity::Warning);

    // The same alert of the same pool within the quiet period: counted, not shown.
    for (int i = 0; i < 20; ++i)
        notifier.add({ alert(10 + i, QStringLiteral("failover_started")) });
    EXPECT_EQ(shown.size(), 1);
    // Other pools and kinds: at most three a minute in all (the first minute has shown one already).
    notifier.add({ alert(40, QStringLiteral("suspect"), QStringLiteral("p2")),
        alert(41, QStringLiteral("suspect"), QStringLiteral("p3")),
        alert(42, QStringLiteral("suspect"), QStringLiteral("p4")),
        alert(43, QStringLiteral("suspect"), QStringLiteral("p5")) });
    EXPECT_EQ(shown.size(), 3);
    // How a failover ended is never held back by the cap: whoever saw it start learns the end.
    notifier.add({ alert(44, QStringLiteral("failover_finished"), QStringLiteral("p1")) });
    ASSERT_EQ(shown.size(), 4);
    EXPECT_EQ(shown[3].title, QStringLiteral("Failover finished"));
    // A minute on: the two dropped are summed up, and the next gets through.
    clock.advance(61000);
    notifier.add({ alert(50, QStringLiteral("failover_failed"), QStringLiteral("p2")) });
    ASSERT_EQ(shown.size(), 6);
    EXPECT_TRUE(shown[4].message.contains(u"2 more alerts")) << shown[4].message.toStdString();
    EXPECT_EQ(shown[5].severity, AlertNotifier::Severity::Critical);
    // After the quiet period the repeated alert is shown again, saying how often it came meanwhile.
    clock.advance(5 * 60 * 1000);
    notifier.add({ alert(60, QStringLiteral("failover_started")) });
    ASSERT_EQ(shown.size(), 7);
    EXPECT_TRUE(shown[6].message.contains(u"20 more time")) << shown[6].message.toStdString();
    // Muted kinds stay quiet.
    notifier.setMuted({ QStringLiteral("credit_low") });
    notifier.add({ alert(70, QStringLiteral("credit_low"), QString()) });
    EXPECT_EQ(shown.size(), 7);
}

TEST(MainWindow, ShowsACardPerPoolAndFiltersEvents)
{
    LanguageSwitcher english;
    ASSERT_TRUE(english.apply(QStringLiteral("en")));
    MainWindow w;
    QSignalSpy protection(&w, &MainWindow::protectionChanged);
    w.setPools({ activePool(QStringLiteral("alpha")), activePool(QStringLiteral("beta"), QStringLiteral("red")) });
    w.setCosts({ { QStringLiteral("rate_per_hour"), 0.71 }, { QStringLiteral("month_to_date"), 12.5 },
        { QStringLiteral("forecast_month"), 480.0 },
        { QStringLiteral("pools"),
            QJsonArray { QJsonObject { { QStringLiteral("pool"), QStringLiteral("alpha") },
                { QStringLiteral("rate_per_hour"), 0.36 }, { QStringLiteral("month_to_date"), 6.0 },
                { QStringLiteral("forecast_month"), 250.0 } } } } });
    w.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&w));
    EXPECT_EQ(w.poolIds(), QStringList({ QStringLiteral("alpha"), QStringLiteral("beta") }));
    ASSERT_NE(w.card(QStringLiteral("alpha")), nullptr);
    EXPECT_GE(protection.count(), 1);
    const auto labels = [&](const QString &pool) {
        QStringList out;
        for (QLabel *l : w.card(pool)->findChildren<QLabel *>())
            out << l->text();
        return out.join(u'\n');
    };
    EXPECT_TRUE(labels(QStringLiteral("alpha")).contains(u"$0.36/h")) << labels(QStringLiteral("alpha")).toStdString();
    EXPECT_TRUE(labels(QStringLiteral("beta")).contains(u"At risk"));
    // The machines as the provider last described them: GPU, price, uptime.
    QJsonObject described = activePool(QStringLiteral("alpha"));
    described.insert(QStringLiteral("primary"),
        QJsonObject { { QStringLiteral("id"), 11.0 }, { QStringLiteral("gpu_name"), QStringLiteral("RTX 4090") },
            { QStringLiteral("num_gpus"), 1 }, { QStringLiteral("status"), QStringLiteral("running") },
            { QStringLiteral("price_per_hour"), 0.38 }, { QStringLiteral("uptime_s"), 7500.0 } });
    described.insert(QStringLiteral("standby"),
        QJsonObject { { QStringLiteral("id"), 12.0 }, { QStringLiteral("gpu_name"), QStringLiteral("RTX 4090") },
            { QStringLiteral("num_gpus"), 1 }, { QStringLiteral("status"), QStringLiteral("stopped") },
            { QStringLiteral("price_per_hour"), 0.01 } });
    w.card(QStringLiteral("alpha"))->setStatus(described, {});
    const QString primary
        = w.card(QStringLiteral("alpha"))->findChild<QLabel *>(QStringLiteral("primaryLabel"))->text();
    EXPECT_EQ(primary, QStringLiteral("RTX 4090, $0.38/h, up 2 h 5 min — instance 11 on machine 801"));
    const QString standby
        = w.card(QStringLiteral("alpha"))->findChild<QLabel *>(QStringLiteral("standbyLabel"))->text();
    EXPECT_EQ(standby, QStringLiteral("RTX 4090, stopped, $0.010/h for its disk — instance 12 on machine 801"));
    EXPECT_TRUE(w.findChild<QLabel *>(QStringLiteral("totalsLabel"))->text().contains(u"2 pools"));
    EXPECT_EQ(Protection::worst(w.protections()), Protection::Level::Red);

    // A card's action reaches the window's signal with its pool.
    QSignalSpy drill(&w, &MainWindow::drillRequested);
    w.card(QStringLiteral("alpha"))->findChild<QPushButton *>(QStringLiteral("drillButton"))->click();
    ASSERT_EQ(drill.count(), 1);
    EXPECT_EQ(drill.first().first().toString(), QStringLiteral("alpha"));
    // A pool that goes away loses its card.
    w.setPools({ activePool(QStringLiteral("alpha")) });
    EXPECT_EQ(w.card(QStringLiteral("beta")), nullptr);
    EXPECT_EQ(Protection::worst(w.protections()), Protection::Level::Green);

    w.addEvents({ alert(1, QStringLiteral("failover_started")),
        event(2, t0, QStringLiteral("health"), { { QStringLiteral("verdict"), QStringLiteral("healthy") } }),
        event(3, t0, QStringLiteral("pool_state"),
            { { QStringLiteral("from"), QStringLiteral("active") },
                { QStringLiteral("to"), QStringLiteral("failover") },
                { QStringLiteral("reason"), QStringLiteral("container exited") } }) });
    EventFilter *filter = w.eventFilter();
    EXPECT_EQ(filter->rowCount(), 3);
    auto *kinds = w.findChild<QComboBox *>(QStringLiteral("eventKindFilter"));
    kinds->setCurrentIndex(kinds->findData(int(EventFilter::Category::Alerts)));
    EXPECT_EQ(filter->rowCount(), 1);
    kinds->setCurrentIndex(kinds->findData(int(EventFilter::Category::All)));
    w.findChild<QLineEdit *>(QStringLiteral("eventSearch"))->setText(QStringLiteral("CONTAINER exited"));
    ASSERT_EQ(filter->rowCount(), 1);
    EXPECT_TRUE(filter->index(0, 3).data().toString().contains(u"active → failover"));

    const QImage image = w.grab().toImage();
    const QString out = QStringLiteral(GPF_TEST_OUTPUT_DIR "/screenshots");
    ASSERT_TRUE(QDir().mkpath(out));
    EXPECT_TRUE(image.save(out + QStringLiteral("/mainwindow.png")));
}

TEST(MainWindow, SwitchingLanguageRetranslatesTheOpenWindow)
{
    LanguageSwitcher languages;
    MainWindow w;
    w.setPools({ activePool(QStringLiteral("alpha")) });
    w.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&w));
    auto *tabs = w.findChild<QTabWidget *>(QStringLiteral("tabs"));
    auto *drill = w.card(QStringLiteral("alpha"))->findChild<QPushButton *>(QStringLiteral("drillButton"));
    EXPECT_EQ(tabs->tabText(1), QStringLiteral("&Events"));
    const QString englishDrill = drill->text();

    ASSERT_TRUE(languages.apply(QStringLiteral("pt_BR")));
    QCoreApplication::processEvents(); // the LanguageChange events are posted
    EXPECT_EQ(languages.current(), QStringLiteral("pt_BR"));
    EXPECT_EQ(tabs->tabText(1), QStringLiteral("&Eventos"));
    EXPECT_NE(drill->text(), englishDrill);
    QStringList cardText;
    for (QLabel *l : w.card(QStringLiteral("alpha"))->findChildren<QLabel *>())
        cardText << l->text();
    EXPECT_TRUE(cardText.join(u' ').contains(u"Protegido")) << cardText.join(u' ').toStdString();
    EXPECT_EQ(w.charts()->findChild<QTabWidget *>()->tabText(0), QStringLiteral("Custo"));
    w.charts()->redraw(t0);
    EXPECT_TRUE(w.charts()->recoveryView()->chart()->title().startsWith(u"Tempo de recuperação"))
        << w.charts()->recoveryView()->chart()->title().toStdString();

    ASSERT_TRUE(languages.apply(QStringLiteral("en")));
    QCoreApplication::processEvents();
    EXPECT_EQ(tabs->tabText(1), QStringLiteral("&Events"));
    EXPECT_EQ(drill->text(), englishDrill);
    EXPECT_EQ(LanguageSwitcher::resolve(QStringLiteral("pt_PT")), QStringLiteral("pt_BR"));
    EXPECT_EQ(LanguageSwitcher::resolve(QStringLiteral("de_DE")), QStringLiteral("en"));
}

TEST(SingleInstance, ASecondLaunchRaisesTheFirstInsteadOfRunning)
{
    QTemporaryDir dir;
    SingleInstance first(dir.filePath(QStringLiteral("data")));
    EXPECT_FALSE(first.askRunningToRaise()) << "nobody runs yet";
    ASSERT_TRUE(first.listen());
    QSignalSpy raised(&first, &SingleInstance::raiseRequested);
    SingleInstance second(dir.filePath(QStringLiteral("data")));
    EXPECT_TRUE(second.askRunningToRaise());
    ASSERT_TRUE(raised.wait(5000));
    // Another data directory is another set of pools: its app runs on its own.
    SingleInstance other(dir.filePath(QStringLiteral("elsewhere")));
    EXPECT_FALSE(other.askRunningToRaise());
}

TEST(MainWindow, ClosingKeepsTheAppInTheTrayWhenThereIsOne)
{
    MainWindow w;
    QSignalSpy quit(&w, &MainWindow::quitRequested);
    w.setHideOnClose(true);
    w.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&w));
    EXPECT_TRUE(w.close() == false || !w.isVisible());
    EXPECT_FALSE(w.isVisible());
    EXPECT_EQ(quit.count(), 0);
    // Without a tray, closing the window quits.
    w.setHideOnClose(false);
    w.show();
    w.close();
    EXPECT_EQ(quit.count(), 1);
}

TEST(Accessibility, EveryControlHasANameAndTheWizardFollowsItsTabOrder)
{
    // Every control a screen reader lands on says what it is: a name, a text or a buddy label.
    QList<QWidget *> roots;
    MainWindow window;
    window.setPools({ activePool(QStringLiteral("alpha")) });
    roots << &window;
    EngineLink link(1, QStringLiteral("unused"));
    ProvisionWizard wizard(&link, {});
    for (int id : wizard.pageIds())
        roots << wizard.page(id);
    SettingsDialog settings(&link, {}, {});
    roots << &settings;
    QSet<QWidget *> labelled;
    for (QWidget *root : roots)
        for (QLabel *l : root->findChildren<QLabel *>())
            if (l->buddy())
                labelled.insert(l->buddy());
    QStringList unnamed;
    int controls = 0;
    for (QWidget *root : roots) {
        for (QWidget *w : root->findChildren<QWidget *>()) {
            const bool input = qobject_cast<QLineEdit *>(w) || qobject_cast<QAbstractSpinBox *>(w)
                || qobject_cast<QComboBox *>(w) || qobject_cast<QAbstractItemView *>(w)
                || qobject_cast<QPlainTextEdit *>(w);
            const auto *button = qobject_cast<QAbstractButton *>(w);
            if (w->objectName().isEmpty() || w->objectName().startsWith(u"qt_"))
                continue; // Qt's own inner parts (a spin box's line edit, a view's viewport)
            controls += input || button;
            if (input && w->accessibleName().isEmpty() && !labelled.contains(w))
                unnamed << w->objectName();
            if (button && button->text().isEmpty() && w->accessibleName().isEmpty())
                unnamed << w->objectName();
        }
    }
    EXPECT_GT(controls, 40); // the forms were all looked at
    EXPECT_TRUE(unnamed.isEmpty()) << unnamed.join(u", ").toStdString();

    // The keyboard goes through the credentials page in reading order.
    QWizardPage *credentials = wizard.page(ProvisionWizard::Credentials);
    QStringList order;
    QWidget *w = credentials->findChild<QWidget *>(QStringLiteral("vastKeyEdit"));
    for (int i = 0; i < 6 && w; ++i) {
        order << w->objectName();
        do
            w = w->nextInFocusChain();
        while (w && (w->focusPolicy() & Qt::TabFocus) != Qt::TabFocus);
    }
    EXPECT_EQ(order,
        QStringList({ QStringLiteral("vastKeyEdit"), QStringLiteral("checkVastButton"), QStringLiteral("gcpJsonEdit"),
            QStringLiteral("gcpFileButton"), QStringLiteral("snapshotKeyIdEdit"),
            QStringLiteral("snapshotSecretEdit") }));
}
