#pragma once

#include <QJsonArray>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QObject>
#include <QTimer>

#include <functional>

namespace gpufailover {

// The desktop app's only way to its engine: the local REST API, whether the engine runs in this
// process or in gpufailoverd. The dashboard, the CLI and scripts therefore see the same numbers.
// Polls pools, costs and new journal events; actions are API calls.
class EngineLink final : public QObject
{
    Q_OBJECT
public:
    EngineLink(int port, QString token, QObject *parent = nullptr);

    void start(int intervalMs = 2000);
    void stop() { m_timer.stop(); }
    void refresh();
    int port() const { return m_port; }

    // Actions: each ends in actionDone(what, ok, message).
    void drill(const QString &pool);
    void setAutomationPaused(const QString &pool, bool paused);
    void setHibernated(const QString &pool, bool hibernated);
    void takeSnapshot(const QString &pool);
    void destroyPool(const QString &pool);
    void createPool(const QJsonObject &config);
    // Any call whose answer the caller wants (the wizard's offers, credentials, settings). An
    // unreachable engine answers status 0 with {"message": why}.
    void call(const QByteArray &method, const QString &path, const QJsonObject &body,
        std::function<void(int status, const QJsonObject &answer)> done);

Q_SIGNALS:
    void poolsChanged(const QJsonArray &pools);
    void costsChanged(const QJsonObject &costs);
    // New journal events, oldest first; the first batch is the recent history.
    void eventsArrived(const QJsonArray &events);
    void actionDone(const QString &what, bool ok, const QString &message);
    void reachable();
    void unreachable(const QString &why);

private:
    void send(const QByteArray &method, const QString &path, const QJsonObject &body,
        std::function<void(int status, const QJsonObject &body, const QString &error)> done);
    void act(const QByteArray &method, const QString &path, const QString &what, const QJsonObject &body = {});
    void fetchEvents();

    int m_port;
    QString m_token;
    QNetworkAccessManager m_nam;
    QTimer m_timer;
    qint64 m_lastEventId = -1; // -1: not fetched yet
    bool m_fetchingEvents = false;
};

} // namespace gpufailover
