#pragma once

#include "gui/protection.h"

#include <QFrame>
#include <QJsonObject>

#include <memory>

namespace Ui {
class PoolCard;
}

namespace gpufailover {

// One pool on the dashboard: its state, how protected it is (colour, headline and reason in
// words), its machines, loss window, verified restore point and cost, and its actions.
class PoolCard final : public QFrame
{
    Q_OBJECT
public:
    explicit PoolCard(const QString &poolId, QWidget *parent = nullptr);
    ~PoolCard() override;

    QString poolId() const { return m_id; }
    // The pool's status (GET /api/pools) and its entry in GET /api/costs (may be empty).
    void setStatus(const QJsonObject &status, const QJsonObject &cost);
    Protection protection() const { return m_protection; }

Q_SIGNALS:
    void drillRequested(const QString &pool);
    void pauseRequested(const QString &pool, bool paused);
    void hibernateRequested(const QString &pool, bool hibernate);
    void snapshotRequested(const QString &pool);
    void destroyRequested(const QString &pool); // already confirmed by the user

protected:
    void changeEvent(QEvent *event) override;

private:
    void render();
    QString describe(const QJsonObject &seen, qint64 id, qint64 machine) const;

    std::unique_ptr<Ui::PoolCard> m_ui;
    QString m_id;
    QJsonObject m_status;
    QJsonObject m_cost;
    Protection m_protection;
};

} // namespace gpufailover
