#include "gui/mainwindow.h"

#include <QAction>
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QStatusBar>
#include <QTableView>
#include <QTest>

#include <gtest/gtest.h>

using namespace gpufailover;

TEST(MainWindow, ShowsOffscreenAndGrabsToAPng)
{
    MainWindow w;
    w.setEngineStatus(QStringLiteral("Engine: test"));
    w.show();
    ASSERT_TRUE(QTest::qWaitForWindowExposed(&w));

    EXPECT_EQ(w.windowTitle(), QStringLiteral("GPU Failover"));
    EXPECT_NE(w.findChild<QTableView *>(QStringLiteral("poolsView")), nullptr);
    EXPECT_EQ(w.statusBar()->currentMessage(), QStringLiteral("Engine: test"));
    // Nothing to drill or pause before a pool exists.
    EXPECT_FALSE(w.findChild<QAction *>(QStringLiteral("actionFailoverDrill"))->isEnabled());
    EXPECT_TRUE(w.findChild<QAction *>(QStringLiteral("actionProvision"))->isEnabled());

    const QImage image = w.grab().toImage();
    ASSERT_FALSE(image.isNull());
    // Something was drawn: a blank window would be a single colour.
    QSet<QRgb> colours;
    for (int y = 0; y < image.height(); y += 7)
        for (int x = 0; x < image.width(); x += 7)
            colours.insert(image.pixel(x, y));
    EXPECT_GT(colours.size(), 3);

    const QString out = QStringLiteral(GPF_TEST_OUTPUT_DIR "/screenshots");
    ASSERT_TRUE(QDir().mkpath(out));
    const QString file = out + QStringLiteral("/mainwindow.png");
    ASSERT_TRUE(image.save(file));
    EXPECT_FALSE(QImage(file).isNull());
}
