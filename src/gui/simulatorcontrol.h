#pragma once

#include "gui/provisionwizard.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QObject>
#include <QUrl>

#include <functional>

namespace gpufailover {

class MainWindow;

// The Demo menu of an app pointed at gpufailover-sim: each fault is a call to the simulator's
// /_sim/ routes, as a test or a curious user would make, never a reach into the engine. The pool
// it acts on is the first one the engine reports with a primary.
class SimulatorControl final : public QObject
{
    Q_OBJECT
public:
    SimulatorControl(QUrl simulator, QObject *parent = nullptr);

    // Adds "Kill the primary", "Hang the primary" and "Lose the whole host" to the window's Demo menu.
    void addTo(MainWindow &window);
    // The engine's latest view of its pools (EngineLink::poolsChanged).
    void setPools(const QJsonArray &pools) { m_pools = pools; }
    // The keys the simulator accepts, for the wizard to show prefilled: {"vast_api_key": …,
    // "gcp_service_account_json": …}; empty when it cannot be reached.
    void fetchCredentials(std::function<void(const QJsonObject &)> done);
    // What the wizard shows typed in from those keys: the simulator's object store is a
    // self-hosted S3 store with a CA of its own, as a user's MinIO would be.
    static ProvisionWizard::Prefill prefillOf(const QJsonObject &keys);

    enum class Fault { KillPrimary, HangPrimary, LoseHost };
    // Sends the fault; done(ok, message) says what the simulator answered.
    void inject(Fault fault, std::function<void(bool, const QString &)> done = {});

Q_SIGNALS:
    void injected(const QString &message, bool ok);

private:
    void post(const QString &path, std::function<void(bool, const QString &)> done);

    QUrl m_url;
    QJsonArray m_pools;
    QNetworkAccessManager m_nam;
};

} // namespace gpufailover
