#pragma once

#include <QJsonObject>
#include <QStringList>
#include <QTabWidget>

class QLabel;
class QPlainTextEdit;
class QTreeWidget;

namespace kubestrap {

// One RBAC object in full: a role's rules (or what it aggregates), a binding's role and subjects,
// and the object as YAML.
class RbacDetails : public QTabWidget {
    Q_OBJECT

public:
    explicit RbacDetails(QWidget *parent = nullptr);

    // Shows `object`; an empty one clears the details.
    void show(const QJsonObject &object);

    // A rule as the tables show it: verbs, resources (with their API groups) or URLs, names.
    static QStringList ruleCells(const QJsonObject &rule);

private:
    QLabel *summary;
    QTreeWidget *entries;
    QPlainTextEdit *yaml;
};

} // namespace kubestrap
