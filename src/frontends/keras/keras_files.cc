// The Keras reader's file formats: Keras 2 model-JSON with its HDF5 weights, Keras 2 full-model
// HDF5 (model_config attribute, /model_weights), and Keras 3 .keras archives (config.json,
// model.weights.h5 read from memory); the weights as each layout stores them; the public entry
// points. The translation itself is keras_layers.cc.
#include <zip.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "frontends/keras/hdf5_file.h"
#include "frontends/keras/keras_reader.h"
#include "loom/frontends/keras.h"

namespace loom::frontends {
namespace keras_import {
namespace {

std::string ReadFile(const std::string& path, bool* ok) {
  std::ifstream in(path, std::ios::binary);
  *ok = static_cast<bool>(in);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

bool EndsWith(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() &&
         s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

class NoWeights : public Weights {
 public:
  ErrorOr<ir::Tensor> Get(const std::vector<std::string>&, const std::string&,
                          const std::string& which,
                          const std::vector<std::string>&) const override {
    return Error("no weights file was given, so weight '" + which + "' is missing");
  }
};

// Keras 2 HDF5 weights: /<root>/<layer>/<weight path>, e.g. /fc1/fc1/kernel:0 (for a nested
// model, /<model>/<layer>/kernel:0). The datasets are found by listing the layer's group rather
// than by reading its weight_names attribute: libhdf5 1.10 crashes on some damaged
// variable-length string attributes, and the listing gives the same names.
class Keras2Weights : public Weights {
 public:
  Keras2Weights(const Hdf5File* file, std::string root) : file_(file), root_(std::move(root)) {}
  ErrorOr<ir::Tensor> Get(const std::vector<std::string>& scope, const std::string& layer,
                          const std::string& which,
                          const std::vector<std::string>&) const override {
    std::string group = root_ + "/" + (scope.empty() ? layer : scope[0]);
    if (!file_->IsGroup(group)) {
      return Error(file_->name() + " has no weights for this layer (no group '" + group + "')");
    }
    std::vector<std::string> names = file_->Datasets(group, 4);
    for (const std::string& n : names) {
      std::string last = n.substr(n.rfind('/') + 1);
      if (last != which + ":0" && last != which) continue;
      if (!scope.empty() && ("/" + n).find("/" + layer + "/") == std::string::npos) continue;
      ErrorOr<ir::Tensor> t = file_->ReadTensor(group + "/" + n);
      if (!t.ok()) return Error(file_->name() + ": " + t.error().message());
      return t;
    }
    return Error(file_->name() + " has no weight '" + which + "' for this layer (its group '" +
                 group + "' holds " + std::to_string(names.size()) + " weight(s))");
  }

 private:
  const Hdf5File* file_;
  std::string root_;
};

// Keras 3 model.weights.h5: /layers/<path name>/vars/<i>, the vars group naming the layer.
class Keras3Weights : public Weights {
 public:
  explicit Keras3Weights(const Hdf5File* file) : file_(file) { Index("", {}); }
  ErrorOr<ir::Tensor> Get(const std::vector<std::string>& scope, const std::string& layer,
                          const std::string& which,
                          const std::vector<std::string>& order) const override {
    std::vector<std::string> key = scope;
    key.push_back(layer);
    auto it = index_.find(key);
    if (it == index_.end()) {
      return Error(file_->name() + " has no weights for this layer (no vars group names it)");
    }
    auto pos = std::find(order.begin(), order.end(), which);
    std::string path = it->second + "/vars/" + std::to_string(pos - order.begin());
    ErrorOr<ir::Tensor> t = file_->ReadTensor(path);
    if (!t.ok()) return Error(file_->name() + ": weight '" + which + "': " + t.error().message());
    return t;
  }

 private:
  void Index(const std::string& path, const std::vector<std::string>& scope) {
    for (const std::string& child : file_->Children(path + "/layers")) {
      std::string g = path + "/layers/" + child;
      std::string name = child;
      if (ErrorOr<std::string> n = file_->StringAttr(g + "/vars", "name"); n.ok()) name = n.value();
      std::vector<std::string> key = scope;
      key.push_back(name);
      if (!index_.count(key)) index_[key] = g;
      if (key.size() < 8) Index(g, key);
    }
  }
  const Hdf5File* file_;
  std::map<std::vector<std::string>, std::string> index_;
};

ErrorOr<json> ParseJson(const std::string& text, const std::string& name) {
  json j = json::parse(text, nullptr, false);
  if (j.is_discarded()) return Error(name + ": error: not valid JSON (a Keras model-JSON file)");
  return j;
}

// Keras files that are zip archives (.keras).
ErrorOr<std::string> ZipMember(const std::string& path, const std::string& member) {
  int err = 0;
  zip_t* z = zip_open(path.c_str(), ZIP_RDONLY, &err);
  if (!z) return Error(path + ": error: not a zip archive (a Keras 3 .keras file is one)");
  std::string out;
  zip_stat_t st;
  zip_file_t* f = nullptr;
  bool ok = zip_stat(z, member.c_str(), 0, &st) == 0 && (st.valid & ZIP_STAT_SIZE) &&
            st.size < (uint64_t{1} << 31) && (f = zip_fopen(z, member.c_str(), 0)) != nullptr;
  if (ok) {
    out.resize(st.size);
    ok = zip_fread(f, out.data(), st.size) == static_cast<zip_int64_t>(st.size);
    zip_fclose(f);
  }
  zip_close(z);
  if (!ok) return Error(path + ": error: the archive has no readable '" + member + "'");
  return out;
}

}  // namespace
}  // namespace keras_import

using keras_import::Hdf5File;
using keras_import::json;

bool IsKerasPath(const std::string& path) {
  for (const char* ext : {".json", ".h5", ".hdf5", ".keras"}) {
    if (keras_import::EndsWith(path, ext)) return true;
  }
  return false;
}

ErrorOr<ir::Graph> ImportKerasJson(const std::string& text, const std::string& json_name,
                                   const std::string& weights, const std::string& weights_name) {
  ErrorOr<json> model = keras_import::ParseJson(text, json_name);
  if (!model.ok()) return model.error();
  if (weights.empty()) {
    keras_import::NoWeights none;
    return keras_import::TranslateAndImport(model.value(), json_name, 2, none);
  }
  ErrorOr<Hdf5File> h5 = Hdf5File::OpenImage(weights, weights_name);
  if (!h5.ok()) return h5.error();
  keras_import::Keras2Weights w(&h5.value(), "");
  return keras_import::TranslateAndImport(model.value(), json_name, 2, w);
}

ErrorOr<ir::Graph> ImportKerasFile(const std::string& path, const KerasImportOptions& options) {
  namespace fs = std::filesystem;
  using keras_import::EndsWith;
  if (!fs::exists(path)) return Error(path + ": error: cannot open the file");
  if (EndsWith(path, ".keras")) {
    ErrorOr<std::string> config = keras_import::ZipMember(path, "config.json");
    if (!config.ok()) return config.error();
    ErrorOr<json> model = keras_import::ParseJson(config.value(), path + ":config.json");
    if (!model.ok()) return model.error();
    int major = 3;
    if (ErrorOr<std::string> meta = keras_import::ZipMember(path, "metadata.json"); meta.ok()) {
      json m = json::parse(meta.value(), nullptr, false);
      if (m.is_object() && m.contains("keras_version") && m["keras_version"].is_string()) {
        major = keras_import::KerasMajor(m["keras_version"].get<std::string>(), 3);
      }
    }
    ErrorOr<std::string> weights = keras_import::ZipMember(path, "model.weights.h5");
    if (!weights.ok()) return weights.error();
    ErrorOr<Hdf5File> h5 = Hdf5File::OpenImage(weights.value(), path + ":model.weights.h5");
    if (!h5.ok()) return h5.error();
    keras_import::Keras3Weights w(&h5.value());
    return keras_import::TranslateAndImport(model.value(), path, major, w);
  }
  if (EndsWith(path, ".json")) {
    bool ok = false;
    std::string text = keras_import::ReadFile(path, &ok);
    if (!ok) return Error(path + ": error: cannot open the file");
    ErrorOr<json> model = keras_import::ParseJson(text, path);
    if (!model.ok()) return model.error();
    std::string weights_path = options.weights;
    if (weights_path.empty()) {
      std::string stem = path.substr(0, path.size() - 5);
      weights_path = stem + "_weights.h5";
      if (!fs::exists(weights_path) && fs::exists(stem + ".h5")) weights_path = stem + ".h5";
      if (!fs::exists(weights_path)) {
        return Error(path + ": error: no weights: expected " + stem +
                     "_weights.h5 beside the model JSON; give the weights file with --weights");
      }
    }
    ErrorOr<Hdf5File> h5 = Hdf5File::Open(weights_path);
    if (!h5.ok()) return h5.error();
    // A full-model .h5 given as weights keeps them under /model_weights.
    std::string root = h5.value().Exists("/model_weights") ? "/model_weights" : "";
    if (root.empty() && h5.value().Exists("/layers") && !h5.value().HasAttr("", "layer_names")) {
      keras_import::Keras3Weights w(&h5.value());
      return keras_import::TranslateAndImport(model.value(), path, 3, w);
    }
    if (!h5.value().HasAttr(root, "layer_names")) {
      return Error(weights_path + ": error: not Keras weights (no 'layer_names' attribute" +
                   (root.empty() ? "" : " in /model_weights") + ")");
    }
    keras_import::Keras2Weights w(&h5.value(), root);
    return keras_import::TranslateAndImport(model.value(), path, 2, w);
  }
  // A full Keras 2 model in HDF5.
  ErrorOr<Hdf5File> h5 = Hdf5File::Open(path);
  if (!h5.ok()) return h5.error();
  if (!h5.value().HasAttr("", "model_config")) {
    if (h5.value().HasAttr("", "layer_names")) {
      return Error(path +
                   ": error: this HDF5 file holds Keras weights only; give the model JSON "
                   "(and this file with --weights)");
    }
    return Error(path + ": error: not a Keras model (no 'model_config' attribute)");
  }
  ErrorOr<std::string> config = h5.value().StringAttr("", "model_config");
  if (!config.ok()) return Error(path + ": error: " + config.error().message());
  ErrorOr<json> model = keras_import::ParseJson(config.value(), path);
  if (!model.ok()) return model.error();
  int major = 2;
  if (ErrorOr<std::string> v = h5.value().StringAttr("", "keras_version"); v.ok()) {
    major = keras_import::KerasMajor(v.value(), 2);
  }
  keras_import::Keras2Weights w(&h5.value(), "/model_weights");
  return keras_import::TranslateAndImport(model.value(), path, major, w);
}

}  // namespace loom::frontends
