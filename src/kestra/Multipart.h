#pragma once
// A multipart/form-data body (RFC 7578) with one file part: what Kestra's namespace-file upload takes
// (NamespaceFileController.createNamespaceFile, `@Part CompletedFileUpload fileContent`).
#include <string>
#include <string_view>

namespace kcicd::kestra {

struct MultipartFile {
  std::string contentType;  // multipart/form-data; boundary=…
  std::string head;         // boundary line and part headers, up to the content
  std::string tail;         // after the content: the closing boundary
};

// The body around one file part named `field`. `boundary` must not occur in the content: a random one
// (randomBoundary) makes that as unlikely as guessing it. `filename` is quoted with ", CR and LF
// percent-encoded, as browsers do (WHATWG HTML, multipart/form-data encoding).
MultipartFile multipartFile(std::string_view field, std::string_view filename, std::string_view boundary);

// "kestra-cicd-" and 32 random hex digits.
std::string randomBoundary();

}  // namespace kcicd::kestra
