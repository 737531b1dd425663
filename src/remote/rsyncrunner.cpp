#include "remote/rsyncrunner.h"

#include "remote/remotescript.h"

#include <QRegularExpression>

namespace gpufailover::rsync {

QStringList arguments(const RsyncPlan &p)
{
    QString source = p.sourceDir;
    if (!source.endsWith(u'/'))
        source += u'/'; // the contents, not the directory itself
    QString dest = p.destDir;
    if (!dest.endsWith(u'/'))
        dest += u'/';
    const QString ssh = shellJoin({ QStringLiteral("ssh"), QStringLiteral("-p"), QString::number(p.destPort),
        QStringLiteral("-i"), p.identityFile, QStringLiteral("-o"), QStringLiteral("BatchMode=yes"),
        QStringLiteral("-o"), QStringLiteral("IdentitiesOnly=yes"), QStringLiteral("-o"),
        QStringLiteral("UserKnownHostsFile=%1").arg(p.knownHostsFile), QStringLiteral("-o"),
        QStringLiteral("StrictHostKeyChecking=yes"), QStringLiteral("-o"), QStringLiteral("ConnectTimeout=20") });
    QStringList a { QStringLiteral("rsync"), QStringLiteral("-a"), QStringLiteral("--numeric-ids"),
        QStringLiteral("--info=progress2"), QStringLiteral("--no-inc-recursive"),
        QStringLiteral("--timeout=%1").arg(p.ioTimeoutS) };
    if (p.checksum)
        a << QStringLiteral("--checksum");
    if (p.deleteExtraneous)
        a << QStringLiteral("--delete");
    if (!p.linkDest.isEmpty())
        a << QStringLiteral("--link-dest=%1").arg(p.linkDest);
    if (p.bandwidthLimitKBps > 0)
        a << QStringLiteral("--bwlimit=%1").arg(p.bandwidthLimitKBps);
    for (const QString &e : p.excludes)
        a << QStringLiteral("--exclude=%1").arg(e);
    a << QStringLiteral("-e") << ssh << source << QStringLiteral("%1@%2:%3").arg(p.destUser, p.destHost, dest);
    return a;
}

QString command(const RsyncPlan &plan)
{
    return shellJoin(arguments(plan));
}

RsyncOutcome mapExit(int code, const QString &stderrText)
{
    const QString detail = stderrText.trimmed().left(300);
    // A full destination is said as such whatever the exit code (11, 12 or 23 depending on where it hit).
    if (code != 0 && stderrText.contains(QLatin1StringView("No space left on device")))
        return { false, false, QStringLiteral("disk_full"), QStringLiteral("the destination disk is full") };
    switch (code) {
    case 0:
        return { true, false, QStringLiteral("ok"), {} };
    // Files vanished while we copied (the workload deleted them): the copy is still consistent.
    case 24:
        return { true, true, QStringLiteral("vanished_files"),
            QStringLiteral("some source files vanished during the transfer") };
    case 23:
        return { false, true, QStringLiteral("partial_transfer"),
            QStringLiteral("some files could not be transferred: %1").arg(detail) };
    case 25:
        return { false, true, QStringLiteral("max_delete"), QStringLiteral("deletions stopped by --max-delete") };
    case 30:
    case 35:
        return { false, false, QStringLiteral("timeout"), QStringLiteral("rsync timed out: %1").arg(detail) };
    case 10:
    case 12:
    case 255:
        return { false, false, QStringLiteral("ssh_error"),
            QStringLiteral("cannot reach the destination: %1").arg(detail) };
    case 11:
        if (stderrText.contains(QLatin1StringView("No space left on device")))
            return { false, false, QStringLiteral("disk_full"), QStringLiteral("the destination disk is full") };
        return { false, false, QStringLiteral("io_error"), QStringLiteral("file I/O error: %1").arg(detail) };
    case 20:
        return { false, false, QStringLiteral("interrupted"), QStringLiteral("rsync was interrupted") };
    case 127:
        return { false, false, QStringLiteral("missing"),
            QStringLiteral("rsync is not installed on the source host: its image lacks it and the instance's onstart "
                           "preparation could not install it (see /var/log/gpufailover-onstart.log there); use an "
                           "image with rsync") };
    default:
        break;
    }
    if (stderrText.contains(QLatin1StringView("No space left on device")))
        return { false, false, QStringLiteral("disk_full"), QStringLiteral("the destination disk is full") };
    return { false, false, QStringLiteral("error"), QStringLiteral("rsync exited with %1: %2").arg(code).arg(detail) };
}

std::optional<RsyncProgress> parseProgress(const QString &line)
{
    // "    123,456,789  42%   11.50MB/s    0:01:02 (xfr#3, to-chk=10/200)"
    static const QRegularExpression re(
        QStringLiteral(R"(^\s*([\d,]+)\s+(\d{1,3})%\s+(\S+)\s+\S+(?:\s+\(xfr#\d+, (?:to|ir)-chk=(\d+)/(\d+)\))?)"));
    const auto m = re.match(line);
    if (!m.hasMatch())
        return std::nullopt;
    RsyncProgress p;
    p.bytes = m.captured(1).remove(u',').toLongLong();
    p.percent = qBound(0, m.captured(2).toInt(), 100);
    p.rate = m.captured(3);
    if (m.capturedLength(4)) {
        p.filesLeft = m.captured(4).toInt();
        p.filesTotal = m.captured(5).toInt();
    }
    return p;
}

} // namespace gpufailover::rsync
