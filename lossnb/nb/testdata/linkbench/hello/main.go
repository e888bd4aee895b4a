// Command hello is the baseline of the link-time measurement (see ../bench.sh).
package main

import "fmt"

func main() { fmt.Println("hello") }
