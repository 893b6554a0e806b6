#include "study_data.h"

#include <QFileInfo>

#include <algorithm>
#include <map>
#include <set>

namespace sdm::widgets {
namespace {

const QStringList kAxes = {QStringLiteral("model"), QStringLiteral("solver"),
                           QStringLiteral("steps"), QStringLiteral("threshold"),
                           QStringLiteral("precision")};

const nlohmann::json& cellsOf(const nlohmann::json& table) {
  static const nlohmann::json empty = nlohmann::json::array();
  return table.is_object() && table.contains("cells") && table["cells"].is_array() ? table["cells"]
                                                                                   : empty;
}

bool isDone(const nlohmann::json& c) {
  return c.value("status", std::string()) == "done" && c.contains("fd") && c["fd"].is_number();
}

}  // namespace

QString studyAxisTitle(const QString& axis) {
  if (axis == QLatin1String("model")) return QObject::tr("model");
  if (axis == QLatin1String("solver")) return QObject::tr("solver");
  if (axis == QLatin1String("steps")) return QObject::tr("diffusion steps");
  if (axis == QLatin1String("threshold")) return QObject::tr("IF threshold θ");
  return QObject::tr("precision");
}

QString studyAxisValue(const nlohmann::json& c, const QString& axis) {
  if (axis == QLatin1String("model"))
    return QStringLiteral("m%1 %2")
        .arg(c.value("model", 0))
        .arg(QFileInfo(QString::fromStdString(c.value("checkpoint", std::string()))).fileName());
  if (axis == QLatin1String("solver")) return QString::fromStdString(c.value("solver", ""));
  if (axis == QLatin1String("steps")) return QString::number(c.value("steps", 0));
  if (axis == QLatin1String("threshold")) return QString::number(c.value("threshold", 1.0));
  return QString::fromStdString(c.value("precision", ""));
}

QStringList studyVaryingAxes(const nlohmann::json& table) {
  QStringList out;
  for (const QString& axis : kAxes) {
    std::set<QString> values;
    for (const auto& c : cellsOf(table)) values.insert(studyAxisValue(c, axis));
    if (values.size() > 1) out << axis;
  }
  return out;
}

QVector<StudySeries> studyNfeSeries(const nlohmann::json& table) {
  const QStringList varying = studyVaryingAxes(table);
  std::map<std::tuple<int, std::string, double, std::string>, int> index;
  QVector<StudySeries> out;
  for (const auto& c : cellsOf(table)) {
    const auto key =
        std::make_tuple(c.value("model", 0), c.value("solver", std::string()),
                        c.value("threshold", 1.0), c.value("precision", std::string()));
    auto it = index.find(key);
    if (it == index.end()) {
      QStringList parts;
      for (const QString& axis : varying)
        if (axis == QLatin1String("threshold"))
          parts << QStringLiteral("θ %1").arg(studyAxisValue(c, axis));
        else if (axis != QLatin1String("steps"))
          parts << studyAxisValue(c, axis);
      StudySeries s;
      s.name = parts.isEmpty() ? studyAxisValue(c, QStringLiteral("solver"))
                               : parts.join(QStringLiteral(" · "));
      it = index.emplace(key, static_cast<int>(out.size())).first;
      out.append(s);
    }
    if (isDone(c))
      out[it->second].points.append(
          {c.value("index", 0), double(c.value("nfe", 0)), c["fd"].get<double>()});
  }
  for (StudySeries& s : out)
    std::stable_sort(s.points.begin(), s.points.end(),
                     [](const StudyPoint& a, const StudyPoint& b) { return a.x < b.x; });
  return out;
}

QVector<StudyPoint> studyEnergyPoints(const nlohmann::json& table) {
  QVector<StudyPoint> out;
  for (const auto& c : cellsOf(table))
    if (isDone(c) && c.contains("energy_mj_per_image") && c["energy_mj_per_image"].is_number())
      out.append(
          {c.value("index", 0), c["energy_mj_per_image"].get<double>(), c["fd"].get<double>()});
  return out;
}

QVector<StudyPoint> paretoFront(QVector<StudyPoint> points) {
  std::stable_sort(points.begin(), points.end(), [](const StudyPoint& a, const StudyPoint& b) {
    return a.x < b.x || (a.x == b.x && a.y < b.y);
  });
  QVector<StudyPoint> front;
  for (const StudyPoint& p : points) {
    // Sorted by energy: p is non-dominated when its FD beats every cheaper point's, or it ties
    // the last front point exactly (two equal cells dominate neither).
    if (front.isEmpty() || p.y < front.last().y || (p.y == front.last().y && p.x == front.last().x))
      front.append(p);
  }
  return front;
}

int studyDoneCount(const nlohmann::json& table) {
  int n = 0;
  for (const auto& c : cellsOf(table)) n += isDone(c) ? 1 : 0;
  return n;
}

QString studyFdName(const nlohmann::json& table) {
  for (const auto& c : cellsOf(table))
    if (isDone(c)) return QString::fromStdString(c.value("fd_name", std::string("FD")));
  return QStringLiteral("FD");
}

}  // namespace sdm::widgets
