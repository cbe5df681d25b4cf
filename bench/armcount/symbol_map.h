/* symbol_map.h - function names and ARM/Thumb code ranges of the guest
 * program, read from a small text file that armcount.sh makes with
 * readelf (so the plugin needs no ELF parser):
 *   F <hex address> <decimal size> <name>    a function symbol
 *   M <hex address> <a|t|d|x>                an ELF mapping symbol: ARM code,
 *                                            Thumb code, data, A64 code
 */
#ifndef ARMCOUNT_SYMBOL_MAP_H
#define ARMCOUNT_SYMBOL_MAP_H

#include <stddef.h>
#include <stdint.h>

struct symbol_map;

/* Returns NULL if the file cannot be read. ARM Thumb functions carry bit 0
 * in their address; `clear_bit0` drops it. */
struct symbol_map *symbol_map_load(const char *path, int clear_bit0);

/* The index of the function holding `address`, or -1. */
int symbol_map_function(const struct symbol_map *map, uint64_t address);
const char *symbol_map_name(const struct symbol_map *map, int function);
size_t symbol_map_function_count(const struct symbol_map *map);

/* The kind letter of the mapping symbol in force at `address`, 0 if none. */
char symbol_map_mode(const struct symbol_map *map, uint64_t address);

#endif
