# Writes the bytes of INPUT as a C++ array: OUTPUT defines
#   const unsigned char SYMBOL[]; const unsigned long SYMBOL_size;
# in namespace mnv3::runtime. Used to carry LLVM bitcode and the C sources
# shipped with SSD libraries inside mnv3c.
#   cmake -DINPUT=f.bc -DOUTPUT=f.cpp -DSYMBOL=name -P EmbedBytes.cmake
file(READ "${INPUT}" hex HEX)
string(LENGTH "${hex}" length)
math(EXPR bytes "${length} / 2")
string(REGEX REPLACE "([0-9a-f][0-9a-f])" "0x\\1," body "${hex}")
string(REGEX REPLACE "(0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,0x..,)" "\\1\n  " body "${body}")
file(WRITE "${OUTPUT}" "// Generated from ${INPUT} by runtime/EmbedBytes.cmake; do not edit.
namespace mnv3::runtime {
extern const unsigned char ${SYMBOL}[] = {
  ${body}
};
extern const unsigned long ${SYMBOL}_size = ${bytes};
} // namespace mnv3::runtime
")
