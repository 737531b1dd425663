#pragma once

#include "core/result.h"

#include <QHash>
#include <QMutex>
#include <QString>

namespace gpufailover {

// Trust on first use: the first key a host:port shows is remembered in a file in the data dir;
// a different key later is refused as HostKeyChanged until the user (or the engine, for an
// instance it destroyed) forgets the old one. Thread-safe; workers consult it while connecting.
class KnownHosts final
{
public:
    enum class Verdict { Trusted, Learned, Changed };

    explicit KnownHosts(QString path);

    // `key` is "type base64". Learns it when the host is new.
    Verdict check(const QString &host, int port, const QString &key, QString *previous = nullptr);
    void forget(const QString &host, int port);
    QString keyOf(const QString &host, int port) const;

private:
    void load();
    bool saveLocked() const;

    QString m_path;
    mutable QMutex m_mutex;
    QHash<QString, QString> m_keys; // "[host]:port" -> "type base64"
};

} // namespace gpufailover
