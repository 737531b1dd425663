// Test helper: appends events as fast as it can and prints "ack <seq> <id>" after each append()
// returned, i.e. after the commit. The crash test SIGKILLs it at a random moment.
//   journal_burst_writer <journal path> <first seq> <count> [step]
#include "core/clock.h"
#include "core/journal.h"

#include <QCoreApplication>

#include <cstdio>

using namespace gpufailover;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    if (argc < 4)
        return 2;
    SystemClock clock;
    auto journal = Journal::open(QString::fromLocal8Bit(argv[1]), &clock);
    if (!journal) {
        std::fprintf(stderr, "%s\n", qPrintable(journal.error().message));
        return 1;
    }
    const qint64 first = QByteArray(argv[2]).toLongLong();
    const qint64 count = QByteArray(argv[3]).toLongLong();
    const bool steps = argc > 4 && QByteArray(argv[4]) == "step";
    for (qint64 seq = first; seq < first + count; ++seq) {
        const QJsonObject data { { QStringLiteral("seq"), seq },
            { QStringLiteral("payload"), QString(64, QLatin1Char('x')) } };
        auto id = steps ? (*journal)->beginStep(QStringLiteral("pool-a"), QStringLiteral("fence"), data)
                        : (*journal)->append(QStringLiteral("pool-a"), QStringLiteral("burst"), data);
        if (!id) {
            std::fprintf(stderr, "%s\n", qPrintable(id.error().message));
            return 1;
        }
        std::printf("ack %lld %lld\n", seq, *id);
        std::fflush(stdout);
    }
    return 0;
}
