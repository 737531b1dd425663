#include "remote/knownhosts.h"

#include "remote/remotelogging.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

namespace gpufailover {
namespace {
QString entryName(const QString &host, int port)
{
    return QStringLiteral("[%1]:%2").arg(host.trimmed().toLower()).arg(port);
}
} // namespace

KnownHosts::KnownHosts(QString path)
    : m_path(std::move(path))
{
    load();
}

void KnownHosts::load()
{
    QFile f(m_path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        return;
    for (const QByteArray &raw : f.readAll().split('\n')) {
        const QList<QByteArray> parts = raw.trimmed().split(' ');
        if (parts.size() >= 3 && parts[0].startsWith('['))
            m_keys.insert(QString::fromLatin1(parts[0]), QString::fromLatin1(parts[1] + ' ' + parts[2]));
    }
}

bool KnownHosts::saveLocked() const
{
    QDir().mkpath(QFileInfo(m_path).absolutePath());
    QSaveFile f(m_path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Text))
        return false;
    for (auto it = m_keys.cbegin(); it != m_keys.cend(); ++it)
        f.write((it.key() + u' ' + it.value() + u'\n').toLatin1());
    return f.commit();
}

KnownHosts::Verdict KnownHosts::check(const QString &host, int port, const QString &key, QString *previous)
{
    QMutexLocker lock(&m_mutex);
    const QString name = entryName(host, port);
    const auto it = m_keys.constFind(name);
    if (it == m_keys.constEnd()) {
        m_keys.insert(name, key);
        if (!saveLocked())
            qCWarning(lcSsh) << "cannot save known hosts to" << m_path;
        return Verdict::Learned;
    }
    if (*it == key)
        return Verdict::Trusted;
    if (previous)
        *previous = *it;
    return Verdict::Changed;
}

void KnownHosts::forget(const QString &host, int port)
{
    QMutexLocker lock(&m_mutex);
    if (m_keys.remove(entryName(host, port)))
        saveLocked();
}

QString KnownHosts::keyOf(const QString &host, int port) const
{
    QMutexLocker lock(&m_mutex);
    return m_keys.value(entryName(host, port));
}

} // namespace gpufailover
