// main() for every test binary: GoogleTest with a Qt application object, so event loops, timers,
// QSignalSpy::wait and networking work inside tests.
#include <gtest/gtest.h>

#ifdef GPUFAILOVER_TEST_GUI
#include <QApplication>
using TestApp = QApplication;
#else
#include <QCoreApplication>
using TestApp = QCoreApplication;
#endif

int main(int argc, char **argv)
{
#ifdef GPUFAILOVER_TEST_GUI
    if (qEnvironmentVariableIsEmpty("QT_QPA_PLATFORM"))
        qputenv("QT_QPA_PLATFORM", "offscreen");
#endif
    TestApp app(argc, argv);
    ::testing::InitGoogleTest(&argc, argv);
    return RUN_ALL_TESTS();
}
