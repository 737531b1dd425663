#pragma once

#include "core/poolconfig.h"
#include "core/result.h"
#include "core/warmpool.h"

#include <QList>
#include <QObject>

#include <map>
#include <memory>

namespace gpufailover {

// The pools one engine drives. Configurations live in <config-dir>/pools/<id>.json, so a
// restarted daemon picks its pools up again (and each pool its state, from the journal).
class PoolRegistry final : public QObject
{
    Q_OBJECT
public:
    PoolRegistry(WarmPool::Services services, QString configDir, QObject *parent = nullptr);
    ~PoolRegistry() override;

    // Loads every saved configuration and starts those pools.
    QStringList loadAll();
    Result<WarmPool *> create(const PoolConfig &config, bool start = true);
    // A pool owned elsewhere (the demo world's) that the API should show and drive.
    void adopt(WarmPool *pool);
    // Destroys the pool's instances and volume, then forgets it.
    void destroy(const QString &id, std::function<void(Status)> done);

    QList<WarmPool *> pools() const { return m_order; }
    WarmPool *find(const QString &id) const;
    static bool isValidId(const QString &id);

Q_SIGNALS:
    void poolAdded(gpufailover::WarmPool *pool);
    void poolRemoved(const QString &id);

private:
    QString fileOf(const QString &id) const;

    WarmPool::Services m_services;
    QString m_dir;
    std::map<QString, std::unique_ptr<WarmPool>> m_owned;
    QList<WarmPool *> m_order;
};

} // namespace gpufailover
