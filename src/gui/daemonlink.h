#pragma once

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QObject>
#include <QTimer>

namespace gpufailover {

// The desktop app attached to a running gpufailoverd over its local API, instead of running an
// engine of its own (one engine per set of pools). Polls the pools; actions go through the API.
class DaemonLink final : public QObject
{
    Q_OBJECT
public:
    DaemonLink(int port, QString token, QObject *parent = nullptr);

    void start(int intervalMs = 2000);
    void refresh();
    void drill(const QString &pool);
    void setAutomationPaused(const QString &pool, bool paused);
    int port() const { return m_port; }

Q_SIGNALS:
    void poolsChanged(const QJsonArray &pools);
    void actionDone(const QString &what, bool ok, const QString &message);
    void unreachable(const QString &why);

private:
    QNetworkReply *send(const QByteArray &method, const QString &path);

    int m_port;
    QString m_token;
    QNetworkAccessManager m_nam;
    QTimer m_timer;
};

} // namespace gpufailover
