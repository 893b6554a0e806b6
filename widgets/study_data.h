#pragma once
// What the Study view draws, read from a study table (study.json, see engine/study.h): FD-NFE
// series, FD-energy points and their Pareto front, the axes that vary. Plain data, no widgets,
// so that tests can compare it with the table itself.
#include <QString>
#include <QStringList>
#include <QVector>

#include <nlohmann/json.hpp>

namespace sdm::widgets {

struct StudyPoint {
  int cell = -1;  // index into table["cells"]
  double x = 0, y = 0;
};

// One line of the FD-NFE plot: the done cells of one (model, solver, θ, precision), by NFE.
struct StudySeries {
  QString name;  // the varying parts of the key only ("ddim", "ddim · θ 0.9")
  QVector<StudyPoint> points;
};

// The axes with more than one value among the cells, in table order: "model", "solver",
// "steps", "threshold", "precision".
QStringList studyVaryingAxes(const nlohmann::json& table);
QString studyAxisTitle(const QString& axis);                              // "IF threshold θ"
QString studyAxisValue(const nlohmann::json& cell, const QString& axis);  // "ddim", "0.9"
QVector<StudySeries> studyNfeSeries(const nlohmann::json& table);
// Done cells that have an energy per image: x = mJ per image, y = FD, in table order.
QVector<StudyPoint> studyEnergyPoints(const nlohmann::json& table);
// The non-dominated points (no other point has energy <= and FD <=, one of them <), by energy.
QVector<StudyPoint> paretoFront(QVector<StudyPoint> points);
int studyDoneCount(const nlohmann::json& table);
QString studyFdName(const nlohmann::json& table);  // the cells' fd_name ("FD" before any is done)

}  // namespace sdm::widgets
