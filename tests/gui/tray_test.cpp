// The tray on a real X display with a real system tray (run by tests/support/with-tray.sh);
// elsewhere (offscreen) it says why it is skipped. The icon's shapes are checked offscreen too.
#include "gui/traycontroller.h"

#include "support/testutil.h"

#include <QAction>
#include <QApplication>
#include <QGuiApplication>
#include <QLabel>
#include <QMenu>
#include <QSignalSpy>
#include <QSystemTrayIcon>

#include <gtest/gtest.h>

using namespace gpufailover;

namespace {

bool realTray(QString *why)
{
    if (QGuiApplication::platformName() != u"xcb") {
        *why = QStringLiteral("needs an X display with a system tray (tests/support/with-tray.sh runs it)");
        return false;
    }
    if (!test::waitUntil([] { return QSystemTrayIcon::isSystemTrayAvailable(); }, 15000)) {
        *why = QStringLiteral("no system tray appeared on this display");
        return false;
    }
    return true;
}

} // namespace

TEST(TrayIcon, EachLevelHasItsOwnShapeNotOnlyItsColour)
{
    // Compared in grey: the check, the exclamation mark and the cross differ without colour.
    QList<QImage> images;
    for (auto level : { Protection::Level::Green, Protection::Level::Amber, Protection::Level::Red })
        images << TrayController::iconFor(level).pixmap(32, 32).toImage().convertToFormat(QImage::Format_Grayscale8);
    for (const QImage &i : images)
        ASSERT_FALSE(i.isNull());
    EXPECT_NE(images[0], images[1]);
    EXPECT_NE(images[1], images[2]);
    EXPECT_NE(images[0], images[2]);
}

TEST(Tray, ARealTrayShowsTheIconItsMenuAndNotifications)
{
    QString why;
    if (!realTray(&why))
        GTEST_SKIP() << why.toStdString();
    TrayController tray;
    ASSERT_TRUE(tray.available());
    ASSERT_TRUE(test::waitUntil([&] { return tray.icon()->isVisible(); }));
    // The worst pool's level, and its words in the tooltip.
    tray.setLevel(Protection::Level::Red, QStringLiteral("GPU Failover: At risk"));
    EXPECT_EQ(tray.level(), Protection::Level::Red);
    EXPECT_EQ(tray.icon()->toolTip(), QStringLiteral("GPU Failover: At risk"));
    EXPECT_EQ(
        tray.icon()->icon().pixmap(32).toImage(), TrayController::iconFor(Protection::Level::Red).pixmap(32).toImage());

    // The menu: open, pause, drill, quit; each reaches its signal.
    QStringList texts;
    for (QAction *a : tray.menu()->actions())
        if (!a->isSeparator())
            texts << a->text();
    EXPECT_EQ(texts.size(), 4) << texts.join(u',').toStdString();
    QSignalSpy drill(&tray, &TrayController::drillRequested);
    QSignalSpy pause(&tray, &TrayController::pauseRequested);
    tray.menu()->findChild<QAction *>(QStringLiteral("trayDrill"))->trigger();
    tray.menu()->findChild<QAction *>(QStringLiteral("trayPause"))->trigger();
    EXPECT_EQ(drill.count(), 1);
    ASSERT_EQ(pause.count(), 1);
    EXPECT_TRUE(pause.first().first().toBool());

    // A notification pops up on the tray (Qt draws it on X11), not in a fallback.
    bool fellBack = false;
    tray.setFallback([&](const QString &) { fellBack = true; });
    tray.show({ QStringLiteral("Failover started"), QStringLiteral("Pool demo: the container exited"),
        AlertNotifier::Severity::Warning, QStringLiteral("demo"), QStringLiteral("failover_started") });
    EXPECT_FALSE(fellBack);
    ASSERT_TRUE(test::waitUntil([] {
        for (QWidget *w : QApplication::topLevelWidgets()) {
            if (QByteArrayView(w->metaObject()->className()) == "QBalloonTip" && w->isVisible()) {
                for (QLabel *l : w->findChildren<QLabel *>())
                    if (l->text().contains(u"Failover started"))
                        return true;
            }
        }
        return false;
    }));
}
