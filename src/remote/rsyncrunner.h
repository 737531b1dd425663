#pragma once

#include <QString>
#include <QStringList>

#include <optional>

namespace gpufailover {

// rsync run on the source host, pushing to the destination host over SSH (host to host, never
// relayed through the laptop). The key is a file deployed on the source host, never an argument.
struct RsyncPlan
{
    QString sourceDir;
    QString destHost;
    int destPort = 22;
    QString destUser = QStringLiteral("root");
    QString destDir;
    QString identityFile; // on the source host
    QString knownHostsFile; // on the source host
    QString linkDest; // on the destination: previous generation to hard-link unchanged files from
    QStringList excludes;
    bool deleteExtraneous = true;
    int ioTimeoutS = 60;
    int bandwidthLimitKBps = 0;
    // Compare whole contents, not size and modification time: catches a file changed in place
    // with its size and mtime kept (or a skewed clock's mtimes), at the price of reading it all.
    bool checksum = false;
};

struct RsyncOutcome
{
    bool ok = false;
    bool partial = false; // some files were not transferred (23, 24, 25)
    QString code; // "ok", "vanished_files", "partial_transfer", "max_delete", "timeout", "ssh_error", ...
    QString message;
};

struct RsyncProgress
{
    qint64 bytes = 0;
    int percent = 0;
    QString rate;
    int filesLeft = -1;
    int filesTotal = -1;
};

namespace rsync {
QStringList arguments(const RsyncPlan &plan);
QString command(const RsyncPlan &plan);
RsyncOutcome mapExit(int exitCode, const QString &stderrText);
// Parses one line of --info=progress2 output.
std::optional<RsyncProgress> parseProgress(const QString &line);
} // namespace rsync

} // namespace gpufailover
