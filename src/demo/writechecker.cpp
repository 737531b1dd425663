#include "demo/writechecker.h"

#include <QDir>
#include <QFile>
#include <QHash>
#include <QSet>

namespace gpufailover {
namespace {
QList<QByteArray> lines(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    QList<QByteArray> out;
    for (const QByteArray &l : f.readAll().split('\n')) {
        if (l.split(' ').size() == 3) // a torn last line (crash mid-write) is not a write
            out.append(l);
    }
    return out;
}
} // namespace

QJsonObject WriteCheck::toJson() const
{
    return { { QStringLiteral("acknowledged"), acknowledged }, { QStringLiteral("on_volume"), onVolume },
        { QStringLiteral("lost"), lost }, { QStringLiteral("lost_holes"), lostHoles },
        { QStringLiteral("lost_tail"), lostTail }, { QStringLiteral("overlapping"), overlapping },
        { QStringLiteral("generations"), generations }, { QStringLiteral("first_problem"), firstProblem } };
}

WriteCheck checkWrites(const QString &ackLogPath, const QString &volumeLogPath)
{
    WriteCheck c;
    const QList<QByteArray> acks = lines(ackLogPath);
    const QList<QByteArray> writes = lines(volumeLogPath);
    const QSet<QByteArray> written(writes.cbegin(), writes.cend());
    c.acknowledged = int(acks.size());
    c.onVolume = int(writes.size());
    // The newest sequence number the volume kept per "<writer> <generation>".
    QHash<QByteArray, qint64> newestKept;
    for (const QByteArray &w : writes) {
        const qsizetype cut = w.lastIndexOf(' ');
        const qint64 seq = w.mid(cut + 1).toLongLong();
        newestKept[w.left(cut)] = qMax(newestKept.value(w.left(cut), 0), seq);
    }
    for (const QByteArray &a : acks) {
        if (!written.contains(a)) {
            ++c.lost;
            const qsizetype cut = a.lastIndexOf(' ');
            if (a.mid(cut + 1).toLongLong() < newestKept.value(a.left(cut), 0))
                ++c.lostHoles;
            else
                ++c.lostTail;
            if (c.firstProblem.isEmpty())
                c.firstProblem = QStringLiteral("acknowledged write lost: %1").arg(QString::fromLatin1(a));
        }
    }
    QHash<qint64, QByteArray> writerOf;
    qint64 newest = -1;
    for (const QByteArray &w : writes) {
        const QList<QByteArray> f = w.split(' ');
        const qint64 gen = f[1].toLongLong();
        const QByteArray writer = f[0];
        QString problem;
        if (gen < newest)
            problem = QStringLiteral("generation %1 written after generation %2: %3")
                          .arg(gen)
                          .arg(newest)
                          .arg(QString::fromLatin1(w));
        else if (writerOf.contains(gen) && writerOf.value(gen) != writer)
            problem = QStringLiteral("two writers in generation %1: %2 and %3")
                          .arg(gen)
                          .arg(QString::fromLatin1(writerOf.value(gen)), QString::fromLatin1(writer));
        if (!problem.isEmpty()) {
            ++c.overlapping;
            if (c.firstProblem.isEmpty())
                c.firstProblem = problem;
        }
        if (!writerOf.contains(gen))
            writerOf.insert(gen, writer);
        newest = qMax(newest, gen);
    }
    c.generations = int(writerOf.size());
    return c;
}

QJsonObject keepEvidence(const QString &dir, const QString &ackLogPath, const QString &volumeLogPath)
{
    const QString evidence = QDir(dir).filePath(QStringLiteral("history"));
    QDir().mkpath(evidence);
    const QString acks = QDir(evidence).filePath(QStringLiteral("acks.log"));
    const QString writes = QDir(evidence).filePath(QStringLiteral("writes.log"));
    QFile::remove(acks);
    QFile::remove(writes);
    if (!QFile::copy(ackLogPath, acks) || !QFile::copy(volumeLogPath, writes))
        return {};
    return { { QStringLiteral("ack_log"), acks }, { QStringLiteral("volume_log"), writes } };
}

QString refusedLogPath(const QString &ackLogPath)
{
    return ackLogPath + QStringLiteral(".refused");
}

QString workloadStartCommand(const QString &ackLogPath, int periodMs)
{
    const QString loop
        = QStringLiteral("W=$(readlink /proc/self/ns/pid | tr -cd 0-9).$$; N=0; "
                         "g() { cat /workspace/.gpufailover/generation 2>/dev/null || echo 0; }; G=$(g); "
                         "while :; do N=$((N+1)); T=$(g); "
                         "if [ \"$T\" != \"$G\" ]; then echo \"$W $G $T\" >> '%3'; exit 0; fi; "
                         "echo \"$W $G $N\" >> /workspace/writes.log && sync /workspace/writes.log && echo \"$W $G "
                         "$N\" >> '%1'; sleep %2; done")
              .arg(ackLogPath)
              .arg(double(periodMs) / 1000.0)
              .arg(refusedLogPath(ackLogPath));
    return QStringLiteral("nohup sh -c '%1' > /dev/null 2>&1 < /dev/null &")
        .arg(QString(loop).replace(u'\'', QStringLiteral("'\\''")));
}

} // namespace gpufailover
